/**
 * A small RFC 6455 client on java.nio for many idle sockets: one selector thread, each
 * socket bound to a chosen source address (so tens of thousands of them get past one
 * address's ephemeral ports), masked text frames out, hello and welcome, pings answered.
 */
package io.backchannel.load.rawws;
