/**
 * A small RFC 6455 client on java.nio. {@link io.backchannel.load.rawws.SocketPool}: many
 * idle sockets on one selector thread, each bound to a chosen source address (so tens of
 * thousands of them get past one address's ephemeral ports), masked text frames out,
 * hello and welcome, pings answered. {@link io.backchannel.load.rawws.TextSocket}: one
 * text socket read by a shared {@code rawhttp.IoLoop}, under the clients' update and
 * Socket.IO sockets.
 */
package io.backchannel.load.rawws;
