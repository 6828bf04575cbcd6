/**
 * A node that Redis does not answer, while it answers other nodes, hands its clients to
 * them (design note 38).
 */
package io.backchannel.node.handoff;
