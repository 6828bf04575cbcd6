package io.backchannel.load.rawhttp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive HTTP/1.1 connection: at most one request on it at a time (no
 * pipelining). The sender sets the {@link Exchange}, writes, and parks; the I/O loop
 * parses the answer and completes the exchange. A connection that ends while an exchange
 * waits fails it; one that says {@code Connection: close}, sends more than one answer, or
 * sends anything while idle is closed.
 */
final class HttpConnection extends IoLoop.Endpoint {

    private final ResponseParser parser = new ResponseParser();

    private volatile Exchange exchange;

    private volatile IOException closedBecause;

    /**
     * When it went back to its pool ({@link System#nanoTime}); its pool's threads only.
     */
    long idleSince;

    private final Runnable onClose;

    HttpConnection(SocketChannel channel, IoLoop loop, Runnable onClose) {
        super(channel, loop);
        this.onClose = onClose;
        start();
    }

    /**
     * Sends {@code request} as {@code exchange}, by the thread that waits for it; a
     * failure to write fails the exchange.
     */
    void send(Exchange exchange, ByteBuffer request) {
        this.exchange = exchange;
        if (isClosed()) {
            // Closed before the exchange was set: nobody else may fail it.
            IOException why = this.closedBecause;
            exchange.fail((why != null) ? why : new IOException("connection closed before the request"));
            return;
        }
        try {
            send(request);
        }
        catch (IOException ex) {
            close(ex);
            exchange.fail(ex);
        }
    }

    @Override
    protected void received(ByteBuffer in) throws IOException {
        Exchange waiting = this.exchange;
        if (waiting == null) {
            throw new IOException("the server sent " + in.remaining() + " bytes while no request was waiting");
        }
        if (!this.parser.feed(in)) {
            return;
        }
        HttpAnswer answer = this.parser.answer();
        this.parser.reset();
        this.exchange = null;
        if (answer.close() || in.hasRemaining()) {
            close(new IOException("connection closed after its answer"));
        }
        waiting.answer(answer);
    }

    @Override
    protected void ended() {
        Exchange waiting = this.exchange;
        if (waiting != null && this.parser.endOfInput()) {
            this.exchange = null;
            waiting.answer(this.parser.answer());
        }
        close(new IOException("connection closed by the server" + ((waiting == null) ? " while idle"
                : this.parser.started() ? " during the answer" : " before the answer")));
    }

    @Override
    protected void closed(IOException why) {
        this.closedBecause = why;
        this.onClose.run();
        Exchange waiting = this.exchange;
        if (waiting != null) {
            waiting.fail(why);
        }
    }

}
