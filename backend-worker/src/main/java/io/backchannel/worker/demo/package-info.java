/**
 * The demo worker: the job types the demo page and the tests use ({@code echo},
 * {@code report}, {@code flaky}, {@code poison}), on the worker starter, which brings the
 * consumer, retries, deadlines, cancels and updates.
 */
package io.backchannel.worker.demo;
