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
 * <td>x-delivery-count</td>
 * <td>jobs (set by quorum queues)</td>
 * <td>how often the job was handed out before</td>
 * </tr>
 * </table>
 */
public final class Headers {

    public static final String CLIENT_ID = "bc-client-id";

    public static final String ACCEPTED_BY = "bc-accepted-by";

    public static final String JOB_TYPE = "bc-job-type";

    public static final String REVIVALS = "bc-revivals";

    public static final String EARLIER_DELIVERIES = "bc-earlier-deliveries";

    public static final String DELIVERY_COUNT = "x-delivery-count";

    private Headers() {
    }

}
