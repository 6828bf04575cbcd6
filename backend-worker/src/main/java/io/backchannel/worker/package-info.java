/**
 * The backend worker: takes jobs from RabbitMQ, runs them and reports their updates.
 */
package io.backchannel.worker;
