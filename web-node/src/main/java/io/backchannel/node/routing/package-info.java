/**
 * Routing of worker replies: consume, apply to the record, deliver to wherever the owner
 * is.
 */
package io.backchannel.node.routing;
