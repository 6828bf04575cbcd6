package io.backchannel.node.intake;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.HttpApi.Session;
import io.backchannel.node.LiveNode;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.redis.core.StringRedisTemplate;

import static io.backchannel.node.HttpApi.assertProblem;
import static io.backchannel.node.HttpApi.json;
import static io.backchannel.node.HttpApi.newId;
import static io.backchannel.node.HttpApi.timedBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/requests} over real HTTP and Redis: the caller's own requests, newest
 * first, a page at a time.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "backchannel.node.id=list-it", "backchannel.intake.job-types=list-probe" })
class RequestListIT extends LiveNode {

    private static final String PROBE = "list-probe";

    @Autowired
    StringRedisTemplate redis;

    @Override
    protected List<String> testTypes() {
        return List.of(PROBE);
    }

    @Test
    void theCallersOwnRequests_newestFirst_andNoneOfAnotherClients() {
        Session client = this.api.session();
        List<String> ids = submit(client, 5);
        submit(this.api.session(), 2);

        JsonNode page = list(client, "");

        assertThat(ids(page)).containsExactlyElementsOf(ids.reversed());
        assertThat(page.get("requests").get(0).get("status").asString()).isEqualTo("QUEUED");
        assertThat(page.has("next")).as("no next page").isFalse();
    }

    @Test
    void pages_followOneAnother_withoutGapOrRepeat() {
        Session client = this.api.session();
        List<String> ids = submit(client, 5);
        List<String> seen = new ArrayList<>();
        String before = "";
        int pages = 0;
        do {
            JsonNode page = list(client, "?limit=2" + before);
            seen.addAll(ids(page));
            pages++;
            before = page.hasNonNull("next") ? "&before=" + page.get("next").asString() : null;
        }
        while (before != null && pages < 10);

        assertThat(seen).containsExactlyElementsOf(ids.reversed());
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void theStatusFilter_keepsTheStatusesNamed() {
        Session client = this.api.session();
        List<String> ids = submit(client, 3);
        cancel(client, ids.get(1));

        assertThat(ids(list(client, "?status=CANCELLED"))).containsExactly(ids.get(1));
        assertThat(ids(list(client, "?status=queued,RUNNING"))).containsExactly(ids.get(2), ids.get(0));
    }

    @Test
    void aRequestWhoseRecordExpired_isLeftOut() {
        Session client = this.api.session();
        List<String> ids = submit(client, 2);
        this.redis.delete(RedisKeys.record(ClientId.of(client.clientId()), CorrelationId.of(ids.get(0))));

        assertThat(ids(list(client, ""))).containsExactly(ids.get(1));
        assertThat(this.redis.opsForZSet().size(RedisKeys.requests(ClientId.of(client.clientId())))).isEqualTo(1);
    }

    @Test
    void badParameters_are400_namingTheParameter() {
        Session client = this.api.session();
        for (String query : List.of("?limit=0", "?limit=101", "?limit=many", "?status=DONE", "?before=yesterday",
                "?before=1." + newId() + "x")) {
            HttpResponse<String> response = get(client, query);
            assertProblem(response, 400, "bad-request");
        }
        assertThat(json(get(client, "?limit=100")).get("requests").isArray()).isTrue();
    }

    @Test
    void withoutAToken_is401() {
        assertProblem(this.api.send(this.api.request("/api/requests").GET()), 401, "unauthorized");
    }

    private List<String> submit(Session client, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = newId();
            assertThat(this.api.submit(client, timedBody(id, PROBE, null)).statusCode()).isEqualTo(202);
            ids.add(id);
        }
        return ids;
    }

    private void cancel(Session client, String id) {
        assertThat(this.api
            .send(this.api.request("/api/requests/" + id).header("Authorization", "Bearer " + client.token()).DELETE())
            .statusCode()).isEqualTo(202);
    }

    private JsonNode list(Session client, String query) {
        HttpResponse<String> response = get(client, query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private HttpResponse<String> get(Session client, String query) {
        return this.api
            .send(this.api.request("/api/requests" + query).header("Authorization", "Bearer " + client.token()).GET());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("requests").forEach((r) -> ids.add(r.get("correlationId").asString()));
        return ids;
    }

}
