/**
 * Tracing across the hops Spring Boot does not trace by itself: the job's AMQP headers,
 * the backplane, the update frame's {@code traceId}.
 */
package io.backchannel.node.tracing;
