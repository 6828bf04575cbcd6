package io.backchannel.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.backchannel.contracts.json.Json;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * A WebSocket client (the JDK's) that keeps every frame the node sends, as JSON, and the
 * close code.
 */
public final class WsClient implements WebSocket.Listener {

    private static final HttpClient http = HttpClient.newHttpClient();

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();

    private final StringBuilder partial = new StringBuilder();

    private volatile Integer closeCode;

    private volatile WebSocket socket;

    /** Opens a socket to {@code /ws} of the node on this port. */
    public static WsClient open(int port) {
        return open(port, Map.of());
    }

    /** Opens a socket with extra handshake headers. */
    public static WsClient open(int port, Map<String, String> headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), client).join();
        return client;
    }

    /**
     * The status a handshake with these headers gets: 101 when the socket opens (it is
     * closed again at once), else the refusal's.
     */
    public static int handshakeStatus(int port, Map<String, String> headers) {
        try {
            open(port, headers).close();
            return 101;
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw ex;
        }
    }

    /** Opens a socket, says hello, and waits for the welcome or the close. */
    public static WsClient hello(int port, String token) {
        WsClient client = open(port);
        client.send("{\"type\":\"hello\",\"token\":\"" + token + "\"}");
        client.awaitWelcomeOrClose();
        return client;
    }

    public void awaitWelcomeOrClose() {
        until(() -> welcome() != null || this.closeCode != null);
    }

    public void awaitClose() {
        until(() -> this.closeCode != null);
    }

    /**
     * Waits up to 10 s for a condition, looking often: the fuzz tests wait once or twice
     * per try, and Awaitility's default first look comes only after 100 ms.
     */
    public static void until(java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(10))
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(5))
            .until(condition);
    }

    public void send(String text) {
        this.socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] bytes) {
        this.socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    public void close() {
        this.socket.abort();
    }

    public List<JsonNode> frames() {
        return List.copyOf(this.frames);
    }

    /** The frames of one type. */
    public List<JsonNode> frames(String type) {
        return this.frames.stream().filter((f) -> type.equals(f.path("type").asString())).toList();
    }

    public JsonNode welcome() {
        List<JsonNode> welcomes = frames("welcome");
        return welcomes.isEmpty() ? null : welcomes.get(0);
    }

    /** The codes of the error frames received, in order. */
    public List<String> errorCodes() {
        return frames("error").stream().map((f) -> f.path("code").asString()).toList();
    }

    public Integer closeCode() {
        return this.closeCode;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        this.partial.append(data);
        if (last) {
            this.frames.add(Json.mapper().readTree(this.partial.toString()));
            this.partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        this.closeCode = statusCode;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (this.closeCode == null) {
            this.closeCode = 1006;
        }
    }

}
