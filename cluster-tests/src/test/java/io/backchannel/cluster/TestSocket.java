package io.backchannel.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.ErrorFrame;
import io.backchannel.contracts.ws.ServerFrame;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Welcome;

import static org.awaitility.Awaitility.await;

/**
 * A real WebSocket client (the JDK's) that records every frame and the close code.
 */
final class TestSocket implements WebSocket.Listener {

    private final List<ServerFrame> frames = new CopyOnWriteArrayList<>();

    private final StringBuilder partial = new StringBuilder();

    private volatile Integer closeCode;

    private volatile String closeReason;

    private volatile WebSocket socket;

    static TestSocket open(URI uri) {
        TestSocket listener = new TestSocket();
        listener.socket = HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(uri, listener)
            .join();
        return listener;
    }

    /** Opens a socket and says hello; waits for the welcome. */
    static TestSocket hello(URI uri, String token, String lastEventId) {
        TestSocket socket = open(uri);
        socket.send((lastEventId != null)
                ? "{\"type\":\"hello\",\"token\":\"" + token + "\",\"lastEventId\":\"" + lastEventId + "\"}"
                : "{\"type\":\"hello\",\"token\":\"" + token + "\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.welcome() != null || socket.closeCode() != null);
        return socket;
    }

    void send(String text) {
        this.socket.sendText(text, true).join();
    }

    void sendBinary(byte[] bytes) {
        this.socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Drops the connection without a close handshake, as a lost network would. */
    void drop() {
        this.socket.abort();
    }

    Welcome welcome() {
        return this.frames.stream().filter(Welcome.class::isInstance).map(Welcome.class::cast).findFirst().orElse(null);
    }

    List<ServerFrame> frames() {
        return List.copyOf(this.frames);
    }

    List<UpdateFrame> updates() {
        return this.frames.stream().filter(UpdateFrame.class::isInstance).map(UpdateFrame.class::cast).toList();
    }

    List<UpdateFrame> updates(String correlationId) {
        return updates().stream().filter((u) -> u.correlationId().value().equals(correlationId)).toList();
    }

    List<ErrorFrame> errors() {
        return this.frames.stream().filter(ErrorFrame.class::isInstance).map(ErrorFrame.class::cast).toList();
    }

    String lastEventId() {
        List<UpdateFrame> updates = updates();
        return updates.isEmpty() ? null : updates.get(updates.size() - 1).eventId();
    }

    Integer closeCode() {
        return this.closeCode;
    }

    String closeReason() {
        return this.closeReason;
    }

    boolean isOpen() {
        return this.closeCode == null && !this.socket.isInputClosed();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        this.partial.append(data);
        if (last) {
            this.frames.add(Json.mapper().readValue(this.partial.toString(), ServerFrame.class));
            this.partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        this.closeReason = reason;
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
