package io.backchannel.node.auth;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.JobType;
import io.backchannel.node.FuzzInputs;
import io.backchannel.node.HttpApi;
import io.backchannel.node.RunningNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.springframework.amqp.core.AmqpAdmin;

import static io.backchannel.node.HttpApi.body;
import static io.backchannel.node.HttpApi.json;
import static io.backchannel.node.HttpApi.newId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes a node in {@code jwt} mode: tokens tampered with in every part, and publish
 * bodies of any shape. Only tokens the provider signed as configured get in, only a
 * service's publishes are taken, and every refusal is a designed problem.
 */
class JwtFuzzIT {

    private static final String TYPE = "jwt-fuzz-probe";

    private static TestIdentityProvider provider;

    private static RunningNode node;

    private static HttpApi api;

    @BeforeContainer
    static void start() {
        provider = TestIdentityProvider.start();
        Map<String, String> settings = new HashMap<>(provider.nodeSettings());
        settings.put("backchannel.node.id", "jwt-fuzz");
        settings.put("backchannel.intake.job-types", TYPE);
        settings.put("backchannel.intake.rate-limit.requests-per-second", "0");
        node = RunningNode.start(settings);
        api = new HttpApi(node.port());
    }

    @AfterContainer
    static void stop() {
        if (node != null) {
            node.bean(AmqpAdmin.class).deleteQueue(Topology.jobQueue(JobType.of(TYPE)));
            node.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Property(tries = 150)
    void anyToken_isTheUsersOrRefused_neverMore(@ForAll("tokens") Tampered token) {
        HttpResponse<String> answer = api.send(api.request("/api/requests")
            .header("Authorization", "Bearer " + token.value())
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(body(newId(), TYPE, "{}"))));
        if (token.intact()) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        }
        else {
            HttpApi.assertProblem(answer, 401, "unauthorized");
        }
    }

    @Property(tries = 150)
    void anyPublishBody_getsADesignedAnswer(@ForAll("publishes") String publish) {
        HttpResponse<String> answer = api.send(api.request("/api/publish")
            .header("Authorization", "Bearer " + provider.token("fuzz-service", "backchannel.publish"))
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(publish)));
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 202, 400, 409);
        if (answer.statusCode() >= 400) {
            HttpApi.assertProblem(answer, answer.statusCode(),
                    (answer.statusCode() == 400) ? "bad-request" : "conflict");
        }
        else {
            assertThat(json(answer).get("eventId").asString()).matches("\\d+-\\d+");
        }
    }

    // --- generators

    @Provide
    Arbitrary<Tampered> tokens() {
        Arbitrary<String> users = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(30);
        Arbitrary<Tampered> good = users.map((user) -> new Tampered(provider.token(user), true));
        Arbitrary<Tampered> changed = Combinators
            .combine(users, Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 4000),
                    Arbitraries.chars().alpha())
            .as((user, part, at, letter) -> new Tampered(tamper(provider.token(user), part, at, letter), false));
        Arbitrary<Tampered> headers = Arbitraries
            .of("{\"alg\":\"none\"}", "{\"alg\":\"HS256\",\"kid\":\"test-key-1\"}", "{\"alg\":\"RS256\"}",
                    "{\"alg\":\"RS256\",\"kid\":\"../../etc/passwd\"}", "{}", "[]", "null")
            .map((header) -> new Tampered(withHeader(provider.token("victim"), header), false));
        Arbitrary<Tampered> junk = Arbitraries
            .frequencyOf(Tuple.of(2, FuzzInputs.text()),
                    Tuple.of(1, Arbitraries.strings().withChars("ab.-_").ofMaxLength(60)))
            .map((text) -> new Tampered(text.replaceAll("[^\\x21-\\x7e]", "x"), false));
        return Arbitraries.frequencyOf(Tuple.of(1, good), Tuple.of(3, changed), Tuple.of(2, headers), Tuple.of(2, junk),
                Tuple.of(1, users.map((user) -> new Tampered(provider.forged(user), false))),
                Tuple.of(1, users.map((user) -> new Tampered(provider.unsigned(user), false))));
    }

    @Provide
    Arbitrary<String> publishes() {
        Arbitrary<String> users = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("\"someone\"")),
                Tuple.of(1, FuzzInputs.json(1)), Tuple.of(1, Arbitraries.just("\"\"")));
        Arbitrary<String> ids = FuzzInputs.correlationIds(newId());
        Arbitrary<String> types = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("\"order.shipped\"", "\"a:b-c_d\"")),
                Tuple.of(2, FuzzInputs.text().map(FuzzInputs::quoted)), Tuple.of(1, FuzzInputs.json(1)));
        Arbitrary<String> data = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("{\"n\":1}")),
                Tuple.of(2, FuzzInputs.json(2)));
        Arbitrary<String> shaped = Combinators.combine(users, ids, types, data)
            .as((user, id, type, value) -> "{\"userId\":" + user + ",\"id\":" + id + ",\"event\":{\"type\":" + type
                    + ",\"data\":" + value + "}}");
        return Arbitraries.frequencyOf(Tuple.of(5, shaped), Tuple.of(1, FuzzInputs.json(2)),
                Tuple.of(1, FuzzInputs.text()));
    }

    // --- helpers

    /**
     * The token with one character of one part (header, claims, signature) replaced;
     * never a part's last, whose low bits may be padding that decodes to the same bytes.
     */
    private static String tamper(String token, int part, int at, char letter) {
        String[] parts = token.split("\\.");
        String chosen = parts[part];
        int index = at % (chosen.length() - 1);
        char replacement = (chosen.charAt(index) == letter) ? (char) (letter ^ 1) : letter;
        parts[part] = chosen.substring(0, index) + replacement + chosen.substring(index + 1);
        return String.join(".", parts);
    }

    private static String withHeader(String token, String header) {
        String[] parts = token.split("\\.");
        parts[0] = Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes());
        return String.join(".", parts);
    }

    /**
     * A token and whether it is the provider's, untouched.
     *
     * @param value the token
     * @param intact whether the provider issued it as it is
     */
    record Tampered(String value, boolean intact) {

    }

}
