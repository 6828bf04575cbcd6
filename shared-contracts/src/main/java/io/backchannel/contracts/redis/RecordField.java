package io.backchannel.contracts.redis;

/**
 * Fields of the request record hash {@code bc:{clientId}:req:{correlationId}}.
 *
 * <table>
 * <tr>
 * <th>field</th>
 * <th>value</th>
 * </tr>
 * <tr>
 * <td>type</td>
 * <td>job type</td>
 * </tr>
 * <tr>
 * <td>payloadHash</td>
 * <td>SHA-256 of the payload as received, hex; tells a retry from a conflicting reuse of
 * the id</td>
 * </tr>
 * <tr>
 * <td>status</td>
 * <td>QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED</td>
 * </tr>
 * <tr>
 * <td>seq</td>
 * <td>updates applied so far</td>
 * </tr>
 * <tr>
 * <td>attempt, step</td>
 * <td>the (attempt, seq) of the last applied worker update; 0, 0 before any</td>
 * </tr>
 * <tr>
 * <td>progress, stage</td>
 * <td>the latest ones, absent when never reported</td>
 * </tr>
 * <tr>
 * <td>result, error</td>
 * <td>JSON, once terminal</td>
 * </tr>
 * <tr>
 * <td>eventId</td>
 * <td>inbox id of the latest event of this request</td>
 * </tr>
 * <tr>
 * <td>acceptedBy</td>
 * <td>node id that took the request</td>
 * </tr>
 * <tr>
 * <td>published</td>
 * <td>1 once the broker confirmed the job, else 0 (a retry publishes again)</td>
 * </tr>
 * <tr>
 * <td>createdAt, updatedAt</td>
 * <td>epoch milliseconds</td>
 * </tr>
 * <tr>
 * <td>deadline</td>
 * <td>epoch milliseconds: when the request fails with {@code deadline_exceeded} unless it
 * ended before</td>
 * </tr>
 * <tr>
 * <td>callbackUrl, callbackState, callbackAttempts</td>
 * <td>where the terminal record is POSTed; pending, delivered or failed; calls made</td>
 * </tr>
 * </table>
 */
public final class RecordField {

    public static final String TYPE = "type";

    public static final String PAYLOAD_HASH = "payloadHash";

    public static final String STATUS = "status";

    public static final String SEQ = "seq";

    public static final String ATTEMPT = "attempt";

    public static final String STEP = "step";

    public static final String PROGRESS = "progress";

    public static final String STAGE = "stage";

    public static final String RESULT = "result";

    public static final String ERROR = "error";

    public static final String EVENT_ID = "eventId";

    public static final String ACCEPTED_BY = "acceptedBy";

    public static final String PUBLISHED = "published";

    public static final String CREATED_AT = "createdAt";

    public static final String UPDATED_AT = "updatedAt";

    public static final String DEADLINE = "deadline";

    public static final String CALLBACK_URL = "callbackUrl";

    public static final String CALLBACK_STATE = "callbackState";

    public static final String CALLBACK_ATTEMPTS = "callbackAttempts";

    private RecordField() {
    }

}
