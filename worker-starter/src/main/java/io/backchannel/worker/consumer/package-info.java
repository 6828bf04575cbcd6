/**
 * Consuming jobs: one listener per job type, the attempt loop with its retries, and the
 * updates it publishes with publisher confirms.
 */
package io.backchannel.worker.consumer;
