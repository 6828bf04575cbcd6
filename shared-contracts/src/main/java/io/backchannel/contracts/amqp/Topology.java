package io.backchannel.contracts.amqp;

import java.util.Map;

import io.backchannel.contracts.id.JobType;

/**
 * RabbitMQ names and queue arguments. Web nodes and workers both declare this topology
 * (declaring is idempotent), so a job published before any worker starts is kept.
 *
 * <table>
 * <tr>
 * <th>name</th>
 * <th>kind</th>
 * <th>what</th>
 * </tr>
 * <tr>
 * <td>bc.jobs</td>
 * <td>direct exchange</td>
 * <td>jobs, routed by job type</td>
 * </tr>
 * <tr>
 * <td>bc.jobs.{type}</td>
 * <td>quorum queue</td>
 * <td>one per job type, bound with key {type}; dead-letters to bc.dlx</td>
 * </tr>
 * <tr>
 * <td>bc.replies</td>
 * <td>direct exchange</td>
 * <td>worker updates, routing key {@code update}</td>
 * </tr>
 * <tr>
 * <td>bc.replies</td>
 * <td>quorum queue</td>
 * <td>consumed by every web node (competing consumers)</td>
 * </tr>
 * <tr>
 * <td>bc.dlx</td>
 * <td>direct exchange</td>
 * <td>dead letters: key {@code jobs} to bc.jobs.dead, {@code replies} to
 * bc.replies.dead</td>
 * </tr>
 * <tr>
 * <td>bc.jobs.dead</td>
 * <td>quorum queue</td>
 * <td>jobs that failed for good, kept for operators</td>
 * </tr>
 * <tr>
 * <td>bc.jobs.abandoned</td>
 * <td>quorum queue</td>
 * <td>a copy of every dead-lettered job, consumed by the workers, which answer FAILED for
 * those that never got a terminal update (the delivery limit)</td>
 * </tr>
 * <tr>
 * <td>bc.replies.dead</td>
 * <td>quorum queue</td>
 * <td>replies no node could read, kept for operators</td>
 * </tr>
 * <tr>
 * <td>bc.callbacks, bc.callbacks.wait.{delay}ms, bc.callbacks.dead</td>
 * <td>quorum queues (default exchange)</td>
 * <td>callback deliveries due (consumed by the web nodes); each waiting out a backoff
 * step (message TTL, dead-lettering back to bc.callbacks at least once); given up (kept
 * for operators)</td>
 * </tr>
 * <tr>
 * <td>bc.cancels</td>
 * <td>fanout exchange</td>
 * <td>cancel notices from the web nodes (correlation id and {@code bc-client-id}, no
 * body), not persistent: every worker binds a queue of its own that lives as long as its
 * connection, and stops the cancelled job if it runs it, or skips it if it is still
 * queued</td>
 * </tr>
 * </table>
 */
public final class Topology {

    public static final String JOBS_EXCHANGE = "bc.jobs";

    public static final String REPLIES_EXCHANGE = "bc.replies";

    public static final String REPLIES_QUEUE = "bc.replies";

    public static final String REPLIES_ROUTING_KEY = "update";

    public static final String DEAD_LETTER_EXCHANGE = "bc.dlx";

    public static final String CANCELS_EXCHANGE = "bc.cancels";

    /** Callback deliveries due now, consumed by the web nodes. */
    public static final String CALLBACKS_QUEUE = "bc.callbacks";

    /** Callback deliveries given up, kept for operators. */
    public static final String DEAD_CALLBACKS_QUEUE = "bc.callbacks.dead";

    /**
     * A callback delivery waiting out its backoff: a quorum queue (a classic one lives on
     * one broker, and while that broker is away nothing can declare it), expiring back to
     * {@link #CALLBACKS_QUEUE}. Named {@code wait}: the classic {@code retry} queues of
     * earlier versions cannot become quorum queues under their name; left alone, they
     * empty themselves into {@link #CALLBACKS_QUEUE} as their messages expire.
     */
    public static String callbackRetryQueue(long delayMillis) {
        return CALLBACKS_QUEUE + ".wait." + delayMillis + "ms";
    }

    public static final String DEAD_JOBS_QUEUE = "bc.jobs.dead";

    public static final String DEAD_JOBS_ROUTING_KEY = "jobs";

    /**
     * Bound to {@link #DEAD_LETTER_EXCHANGE} with {@link #DEAD_JOBS_ROUTING_KEY} beside
     * {@link #DEAD_JOBS_QUEUE}, so that every dead-lettered job lands in both: the dead
     * queue keeps it for operators, and a worker consumes this one to end the request of
     * a job the broker gave up on.
     */
    public static final String ABANDONED_JOBS_QUEUE = "bc.jobs.abandoned";

    public static final String DEAD_REPLIES_QUEUE = "bc.replies.dead";

    public static final String DEAD_REPLIES_ROUTING_KEY = "replies";

    /**
     * How often a quorum queue hands out one job before dead-lettering it: the guard
     * against a job that kills every worker that takes it. Retries of ordinary failures
     * happen inside the worker and do not count here.
     */
    public static final int JOB_DELIVERY_LIMIT = 5;

    private Topology() {
    }

    public static String jobQueue(JobType type) {
        return JOBS_EXCHANGE + "." + type.value();
    }

    public static Map<String, Object> jobQueueArguments() {
        return Map.of("x-queue-type", "quorum", "x-delivery-limit", JOB_DELIVERY_LIMIT, "x-dead-letter-exchange",
                DEAD_LETTER_EXCHANGE, "x-dead-letter-routing-key", DEAD_JOBS_ROUTING_KEY);
    }

    /**
     * The reply queue has no delivery limit: a web node holds a reply un-acked while
     * Redis is away, and a redelivery then must never turn into a dead letter.
     */
    public static Map<String, Object> repliesQueueArguments() {
        return Map.of("x-queue-type", "quorum", "x-dead-letter-exchange", DEAD_LETTER_EXCHANGE,
                "x-dead-letter-routing-key", DEAD_REPLIES_ROUTING_KEY);
    }

    public static Map<String, Object> deadQueueArguments() {
        return Map.of("x-queue-type", "quorum");
    }

}
