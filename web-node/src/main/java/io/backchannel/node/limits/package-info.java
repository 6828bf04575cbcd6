/**
 * Limits that keep one client, or a backlog, from swamping the shared services: each
 * client's request rate, and broker backpressure.
 */
package io.backchannel.node.limits;
