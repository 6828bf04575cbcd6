/**
 * Requests ended at their deadline: whichever node finds one due first ends it with
 * {@code deadline_exceeded}, whatever became of its worker, its job or the node that
 * accepted it.
 */
package io.backchannel.node.deadline;
