/**
 * The RabbitMQ half of the contract: exchanges, queues, headers and message bodies.
 */
package io.backchannel.contracts.amqp;
