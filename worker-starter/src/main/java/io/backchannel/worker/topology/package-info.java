/**
 * Declares the RabbitMQ topology of {@link io.backchannel.contracts.amqp.Topology}.
 */
package io.backchannel.worker.topology;
