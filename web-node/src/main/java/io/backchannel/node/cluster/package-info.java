/**
 * This node's identity and its heartbeat in the cluster.
 */
package io.backchannel.node.cluster;
