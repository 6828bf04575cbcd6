/**
 * WebSocket sessions: protocol v1 on {@code /ws}, and writing each client's inbox to its
 * sockets in order.
 */
package io.backchannel.node.session;
