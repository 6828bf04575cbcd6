/**
 * The RabbitMQ topology this node declares: the same exchanges and queues, with the same
 * arguments, as every worker.
 */
package io.backchannel.node.amqp;
