/**
 * The node's own timers, for the work it does on a schedule beside the requests.
 */
package io.backchannel.node.schedule;
