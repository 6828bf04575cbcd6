/**
 * This node's identity and its heartbeat in the cluster. Every other package may use this
 * one, and it uses none of them: the sockets the heartbeat keeps alive are reached
 * through {@link io.backchannel.node.cluster.HeldSockets}.
 */
package io.backchannel.node.cluster;
