/**
 * The HTTP half of protocol v1: request and answer bodies, and the problem types of
 * errors.
 */
package io.backchannel.contracts.http;
