/**
 * The broker topology in Spring AMQP's terms, declared alike by web nodes and workers.
 */
package io.backchannel.amqp;
