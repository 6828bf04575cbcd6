package io.backchannel.contracts.ws;

/**
 * WebSocket close codes a web node uses. In every case the client may reconnect and
 * resume with its lastEventId.
 *
 * <table>
 * <tr>
 * <th>code</th>
 * <th>name</th>
 * <th>when</th>
 * <th>client should</th>
 * </tr>
 * <tr>
 * <td>1000</td>
 * <td>normal</td>
 * <td>the client asked to close</td>
 * <td>nothing</td>
 * </tr>
 * <tr>
 * <td>1008</td>
 * <td>policy violation</td>
 * <td>bad or missing token, no hello in time, first frame not a hello</td>
 * <td>get a new session, then reconnect</td>
 * </tr>
 * <tr>
 * <td>1009</td>
 * <td>too big</td>
 * <td>a frame over the size limit</td>
 * <td>reconnect; send smaller frames</td>
 * </tr>
 * <tr>
 * <td>1012</td>
 * <td>service restart</td>
 * <td>the node is shutting down</td>
 * <td>reconnect at once (to another node)</td>
 * </tr>
 * <tr>
 * <td>1013</td>
 * <td>try again later</td>
 * <td>the client reads too slowly (its send buffer filled up, or one send took too long),
 * or it already holds as many sockets as a client may ({@code too_many_sockets})</td>
 * <td>reconnect with backoff, resume</td>
 * </tr>
 * </table>
 */
public final class CloseCodes {

    public static final int NORMAL = 1000;

    public static final int POLICY_VIOLATION = 1008;

    public static final int TOO_BIG = 1009;

    public static final int SERVICE_RESTART = 1012;

    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes() {
    }

}
