/**
 * Job handlers, one class per job type, and what they may throw. A new job type is one
 * new {@code @Component} implementing {@link io.backchannel.worker.jobs.JobHandler}.
 */
package io.backchannel.worker.jobs;
