/**
 * Which node holds which client's sockets, kept in Redis with a heartbeat TTL.
 */
package io.backchannel.node.presence;
