package io.backchannel.load.rawhttp;

import java.nio.charset.StandardCharsets;

/**
 * One HTTP response as the load driver reads it: the status, the few headers it acts on,
 * and the body.
 *
 * @param status the status code
 * @param retryAfter the Retry-After header, or null
 * @param location the Location header, or null
 * @param close whether the connection ends after it ({@code Connection: close}, HTTP/1.0,
 * or a body that runs to the end of the connection)
 * @param body the body (de-chunked), empty when there is none
 */
public record HttpAnswer(int status, String retryAfter, String location, boolean close, byte[] body) {

    public String bodyText() {
        return new String(this.body, StandardCharsets.UTF_8);
    }

}
