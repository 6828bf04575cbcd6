/**
 * The worker starter: an application with a {@link io.backchannel.worker.jobs.JobHandler}
 * bean becomes a Backchannel worker
 * ({@link io.backchannel.worker.BackchannelWorkerAutoConfiguration}).
 */
package io.backchannel.worker;
