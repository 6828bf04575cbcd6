package io.backchannel.contracts.amqp;

/**
 * AMQP message headers. The AMQP {@code correlation_id} property carries the correlation
 * id; a worker copies it and every header below from the job onto each update it
 * publishes.
 *
 * <table>
 * <tr>
 * <th>header</th>
 * <th>on</th>
 * <th>value</th>
 * </tr>
 * <tr>
 * <td>bc-client-id</td>
 * <td>jobs, updates</td>
 * <td>the owning client's id</td>
 * </tr>
 * <tr>
 * <td>bc-accepted-by</td>
 * <td>jobs, updates</td>
 * <td>the node id that took the request</td>
 * </tr>
 * <tr>
 * <td>bc-job-type</td>
 * <td>jobs, updates</td>
 * <td>the job type</td>
 * </tr>
 * <tr>
 * <td>bc-revivals</td>
 * <td>jobs sent back to their queue</td>
 * <td>how often the job was dead-lettered at its delivery limit and sent back</td>
 * </tr>
 * <tr>
 * <td>bc-earlier-deliveries</td>
 * <td>jobs sent back to their queue</td>
 * <td>deliveries before it was sent back, added to {@code x-delivery-count} so that
 * attempt numbers keep growing</td>
 * </tr>
 * <tr>
 * <td>traceparent</td>
 * <td>jobs, updates</td>
 * <td>the request's trace (W3C Trace Context), when the node traces it; a worker copies
 * the job's onto its updates</td>
 * </tr>
 * <tr>
 * <td>x-delivery-count</td>
 * <td>jobs (set by quorum queues)</td>
 * <td>how often the job was handed out before (from RabbitMQ 4.3 on, only the failed
 * deliveries)</td>
 * </tr>
 * <tr>
 * <td>x-acquired-count</td>
 * <td>jobs (set by quorum queues, RabbitMQ 4.3 and later)</td>
 * <td>how often the job was handed out before</td>
 * </tr>
 * <tr>
 * <td>x-first-death-reason</td>
 * <td>dead-lettered jobs (set by the broker)</td>
 * <td>why the job was first dead-lettered: {@code rejected} by a worker, or
 * {@code delivery_limit} and others by the broker</td>
 * </tr>
 * </table>
 * The headers starting with {@code x-} are the broker's: workers read them, nobody sets
 * them.
 */
public final class Headers {

    public static final String CLIENT_ID = "bc-client-id";

    public static final String ACCEPTED_BY = "bc-accepted-by";

    /** On a callback delivery: the terminal event's id, the callback's delivery id. */
    public static final String EVENT_ID = "bc-event-id";

    /** On a callback delivery: the call this message is for, from 1. */
    public static final String CALLBACK_ATTEMPT = "bc-callback-attempt";

    /** On a callback delivery: when its first call was made, epoch ms. */
    public static final String CALLBACK_SINCE = "bc-callback-since";

    public static final String JOB_TYPE = "bc-job-type";

    /** The W3C Trace Context header, as HTTP has it. */
    public static final String TRACEPARENT = "traceparent";

    public static final String REVIVALS = "bc-revivals";

    public static final String EARLIER_DELIVERIES = "bc-earlier-deliveries";

    /**
     * How often a quorum queue handed the job out before this delivery. Up to RabbitMQ
     * 4.2 it counts every return to the queue; from 4.3 on only failed deliveries, and
     * {@link #ACQUIRED_COUNT} counts them all. A worker numbers its attempts by the
     * greater of the two.
     */
    public static final String DELIVERY_COUNT = "x-delivery-count";

    /**
     * How often a quorum queue handed the job out before this delivery, every return to
     * the queue counted; set by RabbitMQ 4.3 and later only.
     */
    public static final String ACQUIRED_COUNT = "x-acquired-count";

    /**
     * On a dead-lettered job: why it was first dead-lettered.
     * {@link #DEATH_REASON_REJECTED} means a worker gave up on it itself (its
     * {@code FAILED} update was sent first, or it could not be answered at all); any
     * other reason, such as {@code delivery_limit}, means the broker did and no worker
     * has answered the request.
     */
    public static final String FIRST_DEATH_REASON = "x-first-death-reason";

    /**
     * The value of {@link #FIRST_DEATH_REASON} for a job a consumer rejected without
     * requeueing it.
     */
    public static final String DEATH_REASON_REJECTED = "rejected";

    private Headers() {
    }

}
