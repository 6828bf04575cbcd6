/**
 * The cross-node scenario: how updates reach their sockets (locally or over the Redis
 * backplane), and what the backplane costs, from the frames' routes and the nodes'
 * Prometheus metrics.
 */
package io.backchannel.load.crossnode;
