/**
 * Typed identifiers, each validated when it is made, so that a malformed id never reaches
 * a Redis key or a queue name.
 */
package io.backchannel.contracts.id;
