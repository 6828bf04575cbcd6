/**
 * A client of protocol v1 for steady synthetic traffic, made to be reused (a
 * fault-injection suite drives the same pieces): sessions, sockets that say hello and
 * resume with their lastEventId, submits that retry the same correlation id, and a tally
 * of accepted, terminal and duplicate terminal updates per correlation id.
 */
package io.backchannel.load.client;
