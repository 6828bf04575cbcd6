/**
 * The HTTP intake: {@code POST /api/requests} writes the request record in Redis if
 * absent and publishes the job with publisher confirms; {@code GET /api/requests/{id}}
 * reads the record back to its owner.
 */
package io.backchannel.node.intake;
