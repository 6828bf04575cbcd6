package io.backchannel.node.session;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.ErrorCode;
import io.backchannel.node.FuzzInputs;
import io.backchannel.node.HttpApi;
import io.backchannel.node.RunningNode;
import io.backchannel.node.WsClient;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.AmqpAdmin;

import static io.backchannel.node.FuzzInputs.quoted;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@code /ws} with random text and binary frames, malformed hellos, huge and
 * strange lastEventIds, submits of every shape, before and after a good hello. The node
 * answers with error frames (a submit's naming it, with the problem HTTP would give) or
 * an {@code accepted}, or closes with a designed code (1008, 1009), never fails (1011) or
 * drops the connection, and serves a fresh client afterwards.
 */
class SocketFuzzIT {

    /** Stands for the client's real token in generated frames. */
    private static final String TOKEN = "${token}";

    private static final Set<String> ERROR_CODES = Set.of(ErrorCode.BAD_FRAME, ErrorCode.UNKNOWN_FRAME,
            ErrorCode.UNEXPECTED_FRAME, ErrorCode.UNSUPPORTED_FRAME, ErrorCode.HELLO_REQUIRED, ErrorCode.BAD_HELLO,
            ErrorCode.BAD_TOKEN, ErrorCode.BAD_REQUEST, ErrorCode.UNKNOWN_TYPE, ErrorCode.CONFLICT);

    private static RunningNode node;

    private static HttpApi api;

    @BeforeContainer
    static void start() {
        node = RunningNode.start(Map.of("backchannel.node.id", "fuzz-ws", "backchannel.intake.job-types",
                "fuzz-ws-probe", "backchannel.ws.max-frame-size", "16KB"));
        api = new HttpApi(node.port());
    }

    @AfterContainer
    static void stop() {
        if (node != null) {
            node.bean(AmqpAdmin.class).deleteQueue(Topology.jobQueue(JobType.of("fuzz-ws-probe")));
            node.close();
        }
    }

    @Property(tries = 200)
    void anyFrames_getErrorFramesOrADesignedClose_andTheNodeServesTheNextClient(@ForAll boolean helloFirst,
            @ForAll("frames") List<Frame> frames) {
        String token = api.session().token();
        WsClient socket = WsClient.open(node.port());
        if (helloFirst) {
            socket.send("{\"type\":\"hello\",\"token\":\"" + token + "\"}");
            socket.awaitWelcomeOrClose();
            assertThat(socket.welcome()).isNotNull();
        }
        for (Frame frame : frames) {
            if (socket.closeCode() != null || !send(socket, frame, token)) {
                break;
            }
        }
        int pongsBefore = socket.frames("pong").size();
        send(socket, new Frame("{\"type\":\"ping\"}", null), token);
        WsClient.until(() -> socket.closeCode() != null || socket.frames("pong").size() > pongsBefore);
        long submits = frames.stream().filter(SocketFuzzIT::isSubmit).count();
        if (helloFirst) {
            // A close may still be on its way after the last pong: decide on the final
            // state, whichever comes first.
            WsClient.until(() -> socket.closeCode() != null || submitAnswers(socket) >= submits);
        }

        for (JsonNode frame : socket.frames()) {
            assertThat(frame.path("type").asString()).isIn("welcome", "error", "pong", "update", "accepted",
                    "authenticated");
        }
        assertThat(socket.errorCodes()).allSatisfy((code) -> assertThat(code).isIn(ERROR_CODES));
        if (socket.closeCode() != null) {
            assertThat(socket.closeCode()).as("designed close codes only").isIn(1008, 1009);
        }
        else if (helloFirst) {
            // Every submit of a welcomed socket that stays open gets exactly one answer
            // (a
            // socket closed first leaves its client to send the submit again).
            assertThat(submitAnswers(socket)).isEqualTo(submits);
        }
        socket.close();

        WsClient fresh = WsClient.hello(node.port(), api.session().token());
        assertThat(fresh.welcome()).as("the node still serves a new client").isNotNull();
        fresh.close();
    }

    // --- generators

    @Provide
    Arbitrary<List<Frame>> frames() {
        Arbitrary<Frame> text = Arbitraries
            .frequencyOf(Tuple.of(3, hellos()), Tuple.of(2, typedFrames()), Tuple.of(2, submits()),
                    Tuple.of(1, tokens().map((token) -> "{\"type\":\"auth\",\"token\":" + token + "}")),
                    Tuple.of(2, FuzzInputs.json(2)), Tuple.of(2, FuzzInputs.text()),
                    Tuple.of(1,
                            Arbitraries.strings().alpha().ofLength(20_000).map((pad) -> "{\"pad\":\"" + pad + "\"}")))
            .map((t) -> new Frame(t, null));
        Arbitrary<Frame> binary = Arbitraries
            .frequencyOf(Tuple.of(4, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)),
                    Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(2000).ofMaxSize(3000)),
                    Tuple.of(1, FuzzInputs.json(1).map((t) -> t.getBytes(StandardCharsets.UTF_8))))
            .map((b) -> new Frame(null, b));
        return Arbitraries.frequencyOf(Tuple.of(4, text), Tuple.of(1, binary)).list().ofMinSize(1).ofMaxSize(5);
    }

    /** Hellos that are almost right, or not at all. */
    private Arbitrary<String> hellos() {
        Arbitrary<String> tokens = tokens();
        Arbitrary<String> lastEventIds = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("")),
                Tuple.of(2,
                        Arbitraries.of("0-0", "1700000000000-5", "18446744073709551615-18446744073709551615",
                                "18446744073709551616-0", "99999999999999999999999999999999999999999-1", "-1-0", "1-",
                                "-", "0x10-0", "\u0661\u0662\u0663-\u0664", "1700000000000-0\u0000", " 1-1", "1-1 ")
                            .map((id) -> ",\"lastEventId\":" + quoted(id))),
                Tuple.of(2,
                        Arbitraries.strings()
                            .numeric()
                            .withChars('-')
                            .ofMaxLength(60)
                            .map((id) -> ",\"lastEventId\":" + quoted(id))),
                Tuple.of(1, FuzzInputs.json(1).map((id) -> ",\"lastEventId\":" + id)));
        return Combinators.combine(tokens, lastEventIds)
            .as((token, lastEventId) -> "{\"type\":\"hello\",\"token\":" + token + lastEventId + "}");
    }

    /** Tokens, as JSON values: the right one, a forged one, any text, any JSON. */
    private Arbitrary<String> tokens() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(quoted(TOKEN))),
                Tuple.of(1, Arbitraries.just(quoted(TOKEN + "x"))),
                Tuple.of(2, FuzzInputs.text().map(FuzzInputs::quoted)), Tuple.of(1, FuzzInputs.json(1)));
    }

    /**
     * Submits that are right, nearly right or not at all: ids and types of every form,
     * payloads of any JSON, fields missing.
     */
    private Arbitrary<String> submits() {
        Arbitrary<String> ids = FuzzInputs.correlationIds(UUID.randomUUID().toString())
            .injectNull(0.1)
            .map((id) -> (id != null) ? ",\"correlationId\":" + id : "");
        Arbitrary<String> types = FuzzInputs.types("fuzz-ws-probe")
            .injectNull(0.1)
            .map((type) -> (type != null) ? ",\"jobType\":" + type : "");
        Arbitrary<String> payloads = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(",\"payload\":{}")),
                Tuple.of(2, FuzzInputs.json(2).map((payload) -> ",\"payload\":" + payload)),
                Tuple.of(1, Arbitraries.just("")));
        return Combinators.combine(ids, types, payloads)
            .as((id, type, payload) -> "{\"type\":\"submit\"" + id + type + payload + "}");
    }

    /** Frames with a type, known or not, and fields of any kind. */
    private Arbitrary<String> typedFrames() {
        Arbitrary<String> types = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("hello", "ping", "pong", "HELLO",
                "update", "welcome", "error", "submit", "accepted", "auth", "authenticated", "")),
                Tuple.of(1, FuzzInputs.text()));
        return Combinators.combine(types, FuzzInputs.json(2))
            .as((type, value) -> "{\"type\":" + quoted(type) + ",\"data\":" + value + "}");
    }

    // --- helpers

    private static boolean isSubmit(Frame frame) {
        try {
            JsonNode tree = Json.mapper().readTree(frame.text());
            return tree.isObject() && "submit".equals(tree.path("type").asString(null));
        }
        catch (RuntimeException ex) {
            return false;
        }
    }

    private static long submitAnswers(WsClient socket) {
        return socket.frames("accepted").size()
                + socket.frames("error").stream().filter((error) -> error.has("problem")).count();
    }

    /** Sends a frame; false once the node has closed the socket under it. */
    private static boolean send(WsClient socket, Frame frame, String token) {
        try {
            if (frame.text() != null) {
                socket.send(frame.text().replace(TOKEN, token));
            }
            else {
                socket.sendBinary(frame.binary());
            }
            return true;
        }
        catch (CompletionException | IllegalStateException ex) {
            return false;
        }
    }

    /**
     * One frame: text, or else binary.
     *
     * @param text the text, or null
     * @param binary the bytes, or null
     */
    record Frame(String text, byte[] binary) {

    }

}
