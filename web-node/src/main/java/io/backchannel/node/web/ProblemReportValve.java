package io.backchannel.node.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import io.backchannel.contracts.json.Json;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatusCode;

/**
 * Tomcat's error report for the requests that never reach the application: a request
 * line, header or framing the connector itself refuses (a NUL in the path, a transfer
 * coding it does not know, ...). Answered as problem+json like every other error, instead
 * of Tomcat's HTML page.
 *
 * <p>
 * A transfer coding the connector does not implement (Tomcat's 501) is answered 400: for
 * this API it is a malformed request, and a 5xx would tell clients and monitors that the
 * node is failing.
 */
class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        // As Tomcat's own: only an error (sendError) that nothing has answered yet.
        if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        if (response.getStatus() == 501) {
            response.setStatus(400);
        }
        HttpStatusCode status = HttpStatusCode.valueOf(response.getStatus());
        String body = Json.mapper()
            .writeValueAsString(Problems.of(Problems.typeOf(status), status, Problems.detailOf(status)));
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("utf-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException ex) {
            // The client is gone; there is nobody left to answer.
        }
    }

}
