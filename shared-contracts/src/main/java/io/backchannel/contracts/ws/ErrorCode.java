package io.backchannel.contracts.ws;

/**
 * Codes of {@link ErrorFrame}.
 *
 * <table>
 * <tr>
 * <th>code</th>
 * <th>socket</th>
 * <th>meaning</th>
 * </tr>
 * <tr>
 * <td>bad_frame</td>
 * <td>stays open</td>
 * <td>not a JSON object, no {@code type}, or a field of the wrong form</td>
 * </tr>
 * <tr>
 * <td>unknown_frame</td>
 * <td>stays open</td>
 * <td>a {@code type} this server does not know</td>
 * </tr>
 * <tr>
 * <td>unexpected_frame</td>
 * <td>stays open</td>
 * <td>a known frame at the wrong time (a second hello)</td>
 * </tr>
 * <tr>
 * <td>unsupported_frame</td>
 * <td>stays open</td>
 * <td>a binary frame; v1 is text only</td>
 * </tr>
 * <tr>
 * <td>hello_required</td>
 * <td>closed 1008</td>
 * <td>the first frame was not a hello</td>
 * </tr>
 * <tr>
 * <td>bad_hello</td>
 * <td>closed 1008</td>
 * <td>the hello was malformed, or its lastEventId was</td>
 * </tr>
 * <tr>
 * <td>bad_token</td>
 * <td>closed 1008</td>
 * <td>the token is missing, does not verify or has expired</td>
 * </tr>
 * <tr>
 * <td>too_many_sockets</td>
 * <td>closed 1013</td>
 * <td>the client already holds as many sockets as a client may (across all nodes); try
 * again later, after closing one</td>
 * </tr>
 * </table>
 */
public final class ErrorCode {

    public static final String BAD_FRAME = "bad_frame";

    public static final String UNKNOWN_FRAME = "unknown_frame";

    public static final String UNEXPECTED_FRAME = "unexpected_frame";

    public static final String UNSUPPORTED_FRAME = "unsupported_frame";

    public static final String HELLO_REQUIRED = "hello_required";

    public static final String BAD_HELLO = "bad_hello";

    public static final String BAD_TOKEN = "bad_token";

    public static final String TOO_MANY_SOCKETS = "too_many_sockets";

    private ErrorCode() {
    }

}
