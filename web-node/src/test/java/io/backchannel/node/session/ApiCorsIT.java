package io.backchannel.node.session;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;

import io.backchannel.node.HttpApi;
import io.backchannel.node.HttpApi.Session;
import io.backchannel.node.RunningNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.backchannel.node.HttpApi.assertProblem;
import static io.backchannel.node.HttpApi.body;
import static io.backchannel.node.HttpApi.newId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-origin calls to {@code /api}: allowed from the origins allowed to open sockets,
 * refused with the 403 problem from any other, and allowed from none when none is listed.
 */
class ApiCorsIT {

    private static final String APP = "https://app.example.com";

    private static RunningNode listing;

    private static RunningNode closed;

    @BeforeAll
    static void start() {
        listing = RunningNode.start(Map.of("backchannel.node.id", "cors-listing", "backchannel.ws.allowed-origins", APP,
                "backchannel.intake.job-types", "echo"));
        closed = RunningNode.start(Map.of("backchannel.node.id", "cors-closed"));
    }

    @AfterAll
    static void stop() {
        if (listing != null) {
            listing.close();
        }
        if (closed != null) {
            closed.close();
        }
    }

    @Test
    void anAllowedOrigin_getsThePreflight_andTheAnswer() {
        HttpApi api = new HttpApi(listing.port());
        HttpResponse<String> preflight = api.send(preflight(api, APP));
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
            .contains("authorization", "content-type");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        Session session = api.session();
        HttpResponse<String> submitted = api.send(api.request("/api/requests")
            .header("Origin", APP)
            .header("Authorization", "Bearer " + session.token())
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(body(newId(), "echo", "{}"))));
        assertThat(submitted.statusCode()).isEqualTo(202);
        assertThat(submitted.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(submitted.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("Location");
    }

    @Test
    void anotherOrigin_isRefusedWithTheProblem() {
        HttpApi api = new HttpApi(listing.port());
        assertProblem(api.send(preflight(api, "https://evil.example.net")), 403, "forbidden");
    }

    @Test
    void withNoOriginListed_noForeignOriginIsAllowed() {
        HttpApi api = new HttpApi(closed.port());
        HttpResponse<String> preflight = api.send(preflight(api, APP));
        // No CORS at all: the browser, finding no allowance, sends nothing.
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
    }

    private static java.net.http.HttpRequest.Builder preflight(HttpApi api, String origin) {
        return api.request("/api/requests")
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization,content-type")
            .method("OPTIONS", BodyPublishers.noBody());
    }

}
