/**
 * Cancelling a request by its owner: the request ends {@code CANCELLED} at once, and the
 * workers are told so that a queued job never starts and a running one can stop.
 */
package io.backchannel.node.cancel;
