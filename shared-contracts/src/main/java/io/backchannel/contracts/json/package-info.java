/**
 * The JSON codec settings shared by every app.
 */
package io.backchannel.contracts.json;
