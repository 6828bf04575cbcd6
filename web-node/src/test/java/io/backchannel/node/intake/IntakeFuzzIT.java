package io.backchannel.node.intake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import io.backchannel.node.FuzzInputs;
import io.backchannel.node.HttpApi;
import io.backchannel.node.HttpApi.Session;
import io.backchannel.node.RawHttp;
import io.backchannel.node.RunningNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.amqp.core.AmqpAdmin;

import static io.backchannel.node.HttpApi.body;
import static io.backchannel.node.HttpApi.newId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the HTTP intake with hostile bodies, headers, framing and paths. Whatever comes
 * in, the answer is a designed one: never a 5xx but the 503 of an unavailable broker,
 * every error a problem+json naming nothing of the implementation, and another client's
 * request, created first, is never touched.
 */
class IntakeFuzzIT {

    private static final String TYPE = "fuzz-probe";

    private static RunningNode node;

    private static HttpApi api;

    private static Session fuzzer;

    private static Session victim;

    private static String victimId;

    private static String victimRecord;

    @BeforeContainer
    static void start() {
        // No rate or in-flight limit: the fuzz would mostly meet 429s otherwise.
        node = RunningNode.start(Map.of("backchannel.node.id", "fuzz-http", "backchannel.intake.job-types", TYPE,
                "backchannel.intake.rate-limit.requests-per-second", "0", "backchannel.intake.max-in-flight-per-client",
                "1000000", "backchannel.intake.max-body-size", "16KB"));
        api = new HttpApi(node.port());
        victim = api.session();
        victimId = newId();
        assertThat(api.submit(victim, body(victimId, TYPE, "{\"secret\":\"the victim's\"}")).statusCode())
            .isEqualTo(202);
        victimRecord = api.get(victim, victimId).body();
        fuzzer = api.session();
    }

    @AfterContainer
    static void stop() {
        if (node != null) {
            node.bean(AmqpAdmin.class).deleteQueue(Topology.jobQueue(JobType.of(TYPE)));
            node.close();
        }
    }

    @Property(tries = 300)
    void anyBody_isAcceptedOrRefusedAsDesigned(@ForAll("bodies") String body,
            @ForAll("contentTypes") String contentType) {
        RawHttp.Response answer = post(Map.of("Content-Type", contentType, "Authorization", "Bearer " + fuzzer.token()),
                body.getBytes(StandardCharsets.UTF_8), 0);
        assertDesigned(answer);
        assertThat(answer.status()).isIn(200, 202, 400, 409, 413, 415, 422, 503);
        assertVictimUntouched();
    }

    @Property(tries = 200)
    void anyAuthorization_isRefusedOrAccepted_neverMore(@ForAll("authorizations") String authorization) {
        RawHttp.Response answer = post(Map.of("Content-Type", "application/json", "Authorization", authorization),
                body(newId(), TYPE, "{}").getBytes(StandardCharsets.UTF_8), 0);
        assertDesigned(answer);
        assertThat(answer.status()).isIn(202, 400, 401);
        if (answer.status() == 401) {
            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }

    @Property(tries = 200)
    void lyingOrBrokenFraming_getsADesignedAnswer(@ForAll("bodies") String body,
            @ForAll @IntRange(min = -40, max = 40) int lie, @ForAll("framings") Map<String, String> framing) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(framing);
        headers.put("Authorization", "Bearer " + fuzzer.token());
        headers.putIfAbsent("Content-Type", "application/json");
        assertDesigned(post(headers, body.getBytes(StandardCharsets.UTF_8), lie));
        assertVictimUntouched();
    }

    @Property(tries = 200)
    void anyPathAndMethod_underApi_getsAProblemOrAnAnswer(@ForAll("paths") String path,
            @ForAll("methods") String method) {
        RawHttp.Response answer = RawHttp.exchange(node.port(),
                request(method, path, Map.of("Authorization", "Bearer " + fuzzer.token()), new byte[0], 0));
        assertThat(answer.status()).as(answer.body()).isBetween(200, 499);
        if (answer.status() >= 400 && !"HEAD".equals(method)) {
            assertProblem(answer);
        }
        assertVictimUntouched();
    }

    // --- generators

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> shaped = Combinators
            .combine(FuzzInputs.correlationIds(victimId), FuzzInputs.types(TYPE), FuzzInputs.json(3),
                    Arbitraries.of("correlationId", "type", "payload", "none").set())
            .as((id, type, payload, missing) -> "{" + field("correlationId", id, missing) + field("type", type, missing)
                    + field("payload", payload, missing) + "\"extra\":1}");
        return Arbitraries.frequencyOf(Tuple.of(6, shaped), Tuple.of(2, FuzzInputs.json(2)),
                Tuple.of(2, FuzzInputs.text()), Tuple.of(1, shaped.map(IntakeFuzzIT::truncated)),
                Tuple.of(1,
                        Arbitraries.strings()
                            .alpha()
                            .ofLength(20_000)
                            .map((pad) -> body(newId(), TYPE, "{\"pad\":\"" + pad + "\"}"))));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("application/json")),
                Tuple.of(3, Arbitraries.of("application/json; charset=utf-8", "application/problem+json",
                        "application/vnd.x+json", "text/plain", "application/xml", "multipart/form-data; boundary=x",
                        "application/x-www-form-urlencoded", "*/*", "application/json; charset=ebcdic", "", "\"/x")),
                Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(30).map(IntakeFuzzIT::headerValue)));
    }

    @Provide
    Arbitrary<String> authorizations() {
        Arbitrary<String> token = Arbitraries.of(fuzzer.token(), victim.token());
        return Arbitraries.frequencyOf(Tuple.of(2, token.map((t) -> "Bearer " + t)),
                Tuple.of(1, token.map((t) -> "bearer   " + t)), Tuple.of(1, token.map((t) -> "Basic " + t)),
                Tuple.of(1, token.map((t) -> t)),
                Tuple.of(2, token.map((t) -> "Bearer " + t.substring(0, t.length() - 1) + "x")),
                Tuple.of(1, token.map((t) -> "Bearer " + t.replace(fuzzer.clientId(), victim.clientId()))),
                Tuple.of(2, Arbitraries.strings().ascii().ofMaxLength(300).map((t) -> "Bearer " + headerValue(t))),
                Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(40).map(IntakeFuzzIT::headerValue)),
                Tuple.of(1, Arbitraries.strings().withChars("v1.").ofMaxLength(20).map((t) -> "Bearer " + t)));
    }

    @Provide
    Arbitrary<Map<String, String>> framings() {
        Arbitrary<String> contentLength = Arbitraries.of("-1", "abc", "99999999999999999999", "1, 2", " 5 ", "0x10");
        return Arbitraries.oneOf(Arbitraries.just(Map.of()),
                contentLength.map((length) -> Map.of("Content-Length", length)),
                Arbitraries.just(Map.of("Transfer-Encoding", "chunked")),
                Arbitraries.just(Map.of("Transfer-Encoding", "gzip, chunked")),
                Arbitraries.just(Map.of("Transfer-Encoding", "identity")),
                Arbitraries.just(Map.of("Expect", "100-continue")),
                Arbitraries.just(Map.of("Content-Encoding", "gzip")));
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.frequencyOf(
                Tuple.of(3,
                        Arbitraries.strings().withCharRange('a', 'z').withChars("-._~!$&'()*+,;=:@").ofMaxLength(20)),
                Tuple.of(2, Arbitraries.create(() -> newId())), Tuple.of(1, Arbitraries.just(victimId)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(10).map(IntakeFuzzIT::percentEncoded)),
                Tuple.of(1, Arbitraries.of("..", ".", "", "%2e%2e", "requests", "sessions", "cluster")));
        return segment.list()
            .ofMinSize(0)
            .ofMaxSize(4)
            .map((segments) -> "/api/" + String.join("/", segments))
            .flatMap((path) -> Arbitraries.of(path, "/api/requests/" + path.substring(5),
                    path + "?correlationId=" + victimId));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND");
    }

    // --- helpers

    private static RawHttp.Response post(Map<String, String> headers, byte[] body, int lengthLie) {
        return RawHttp.exchange(node.port(), request("POST", "/api/requests", headers, body, lengthLie));
    }

    /**
     * A request as bytes. Unless the headers frame the body themselves, Content-Length is
     * the body's length plus the lie.
     */
    private static byte[] request(String method, String path, Map<String, String> headers, byte[] body, int lengthLie) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (!headers.containsKey("Content-Length") && !headers.containsKey("Transfer-Encoding")) {
            head.append("Content-Length: ").append(Math.max(0, body.length + lengthLie)).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }

    /**
     * A designed answer: no 5xx but 503, and every error a problem that leaks nothing.
     */
    private static void assertDesigned(RawHttp.Response answer) {
        assertThat(answer.status()).as("answered at all: %s", answer.body()).isNotZero();
        assertThat(answer.status() < 500 || answer.status() == 503).as(answer.status() + " " + answer.body()).isTrue();
        if (answer.status() >= 400) {
            assertProblem(answer);
        }
    }

    private static void assertProblem(RawHttp.Response answer) {
        assertThat(answer.header("Content-Type")).as(answer.status() + " " + answer.body())
            .startsWith("application/problem+json");
        ObjectNode problem = (ObjectNode) Json.mapper().readTree(answer.body());
        assertThat(problem.path("type").asString()).startsWith("urn:backchannel:problem:");
        assertThat(problem.path("status").asInt()).isEqualTo(answer.status());
        // The instance is the path the client sent; anything else is ours.
        problem.remove("instance");
        HttpApi.assertNoLeak(problem.toString());
    }

    private static void assertVictimUntouched() {
        assertThat(api.get(victim, victimId).body()).isEqualTo(victimRecord);
    }

    private static String field(String name, String value, java.util.Set<String> missing) {
        return missing.contains(name) ? "" : "\"" + name + "\":" + value + ",";
    }

    private static String truncated(String body) {
        return body.substring(0, body.length() / 2);
    }

    /** Printable ASCII only: what a header line can carry. */
    private static String headerValue(String text) {
        return text.replaceAll("[^\\x20-\\x7e]", "").trim();
    }

    private static String percentEncoded(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            encoded.append('%').append(String.format("%02X", b & 0xff));
        }
        return encoded.toString();
    }

}
