package io.backchannel.node.cluster;

import java.time.Instant;

/**
 * What a node's heartbeat in the registry holds.
 *
 * @param nodeId the node
 * @param sockets how many sockets it holds
 * @param startedAt when it started: its incarnation
 * @param at when it wrote this
 */
record NodeState(String nodeId, int sockets, Instant startedAt, Instant at) {

}
