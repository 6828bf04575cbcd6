/**
 * The WebSocket half of protocol v1: frames, error codes and close codes.
 */
package io.backchannel.contracts.ws;
