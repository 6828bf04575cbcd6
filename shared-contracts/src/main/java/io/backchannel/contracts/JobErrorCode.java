package io.backchannel.contracts;

/**
 * Codes of {@link JobError}: why a request ended {@code FAILED}, as a client sees it in
 * the update frame and the request's record. A failed request is never tried again under
 * its correlation id; to try the work again, a client sends it under a new one.
 *
 * <table>
 * <tr>
 * <th>code</th>
 * <th>meaning</th>
 * <th>sending it again</th>
 * </tr>
 * <tr>
 * <td>bad_payload</td>
 * <td>the payload does not fit the job type; the message names the field</td>
 * <td>fails the same way unless the payload is mended</td>
 * </tr>
 * <tr>
 * <td>retries_exhausted</td>
 * <td>every attempt failed; the message tells the last reason</td>
 * <td>may succeed once the cause has passed</td>
 * </tr>
 * <tr>
 * <td>delivery_limit</td>
 * <td>the job was handed to workers again and again and none finished it</td>
 * <td>likely fails the same way: such a job tends to kill the workers that take it</td>
 * </tr>
 * <tr>
 * <td>deadline_exceeded</td>
 * <td>no terminal update came before the request's deadline</td>
 * <td>may succeed with a longer {@code timeoutMillis}, or once workers keep up</td>
 * </tr>
 * </table>
 */
public final class JobErrorCode {

    /**
     * The payload does not fit the job type: it is not a JSON object, or a field holds a
     * value of the wrong type or out of range (unknown fields are ignored). The job fails
     * at once, without a retry; the message names the field.
     */
    public static final String BAD_PAYLOAD = "bad_payload";

    /**
     * The job failed on every attempt the worker makes (each after a backoff), for
     * reasons that might pass; the message tells the last one.
     */
    public static final String RETRIES_EXHAUSTED = "retries_exhausted";

    /**
     * The broker handed the job out as often as its queue allows
     * ({@code x-delivery-limit}) without any worker finishing it, even after sending it
     * back to its queue: workers died holding it, or their channels were closed under it.
     * The request is ended so that it does not stay open for ever.
     */
    public static final String DELIVERY_LIMIT = "delivery_limit";

    /**
     * The request had no terminal update by its deadline (its {@code timeoutMillis}, or
     * its job type's default): whichever web node notices first ends it, whatever became
     * of its worker or its job. A later update from a worker changes nothing.
     */
    public static final String DEADLINE_EXCEEDED = "deadline_exceeded";

    private JobErrorCode() {
    }

}
