package io.backchannel.load.rawhttp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response at a time from bytes as they come, in any pieces: the
 * status line, the headers the driver acts on (Content-Length, Transfer-Encoding,
 * Connection, Retry-After, Location), and a body framed by Content-Length, chunked, or
 * the end of the connection. Informational (1xx) responses are skipped. Not thread-safe:
 * one connection's reader feeds it.
 */
final class ResponseParser {

    static final int MAX_LINE = 16 * 1024;

    static final int MAX_HEAD = 64 * 1024;

    static final int MAX_BODY = 16 << 20;

    private static final byte[] EMPTY = new byte[0];

    private enum State {

        STATUS, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_EOF, DONE

    }

    private State state = State.STATUS;

    private byte[] line = new byte[256];

    private int lineLength;

    private int headBytes;

    private int status;

    private boolean http10;

    private long contentLength;

    private boolean chunked;

    private boolean close;

    private boolean keepAlive;

    private String retryAfter;

    private String location;

    private byte[] body;

    private int bodyLength;

    private long left;

    ResponseParser() {
        reset();
    }

    /**
     * Consumes bytes of {@code in} up to the end of the response.
     * @return whether the response is complete; what follows it is left in {@code in}
     * @throws IOException when the bytes are not an HTTP/1.x response, or one over the
     * limits
     */
    boolean feed(ByteBuffer in) throws IOException {
        while (this.state != State.DONE && in.hasRemaining()) {
            switch (this.state) {
                case BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(this.left, in.remaining());
                    append(in, n);
                    this.left -= n;
                    if (this.left == 0) {
                        this.state = (this.state == State.BODY) ? State.DONE : State.CHUNK_END;
                    }
                }
                case UNTIL_EOF -> append(in, in.remaining());
                default -> {
                    if (readLine(in)) {
                        onLine();
                    }
                }
            }
        }
        return this.state == State.DONE;
    }

    /**
     * The connection ended.
     * @return whether that completes the response (a body that runs to the end)
     */
    boolean endOfInput() {
        if (this.state == State.UNTIL_EOF) {
            this.state = State.DONE;
        }
        return this.state == State.DONE;
    }

    /** Whether some of a response was read. */
    boolean started() {
        return this.state != State.STATUS || this.lineLength > 0 || this.headBytes > 0;
    }

    /** The complete response; then {@link #reset} for the next. */
    HttpAnswer answer() {
        byte[] bytes = (this.bodyLength == this.body.length) ? this.body : Arrays.copyOf(this.body, this.bodyLength);
        return new HttpAnswer(this.status, this.retryAfter, this.location, this.close, bytes);
    }

    void reset() {
        resetHead();
        this.state = State.STATUS;
        this.close = false;
    }

    private void resetHead() {
        this.lineLength = 0;
        this.headBytes = 0;
        this.status = 0;
        this.http10 = false;
        this.contentLength = -1;
        this.chunked = false;
        this.keepAlive = false;
        this.retryAfter = null;
        this.location = null;
        this.body = EMPTY;
        this.bodyLength = 0;
        this.left = 0;
    }

    /** Appends to the line up to a LF; true when the LF was found (and consumed). */
    private boolean readLine(ByteBuffer in) throws IOException {
        int start = in.position();
        int limit = in.limit();
        int end = start;
        while (end < limit && in.get(end) != '\n') {
            end++;
        }
        boolean found = end < limit;
        int n = end - start;
        if (this.lineLength + n > MAX_LINE) {
            throw new IOException("response line over " + MAX_LINE + " bytes");
        }
        if (this.lineLength + n > this.line.length) {
            this.line = Arrays.copyOf(this.line,
                    Math.min(MAX_LINE, Math.max(this.line.length * 2, this.lineLength + n)));
        }
        in.get(this.line, this.lineLength, n);
        this.lineLength += n;
        if (found) {
            in.get();
        }
        if (this.state == State.STATUS || this.state == State.HEADERS) {
            this.headBytes += n + (found ? 1 : 0);
            if (this.headBytes > MAX_HEAD) {
                throw new IOException("response head over " + MAX_HEAD + " bytes");
            }
        }
        return found;
    }

    private void onLine() throws IOException {
        int length = this.lineLength;
        if (length > 0 && this.line[length - 1] == '\r') {
            length--;
        }
        this.lineLength = 0;
        switch (this.state) {
            case STATUS -> {
                if (length > 0) {
                    statusLine(length);
                }
            }
            case HEADERS -> {
                if (length == 0) {
                    endOfHead();
                }
                else {
                    header(length);
                }
            }
            case CHUNK_SIZE -> chunkSize(length);
            case CHUNK_END -> {
                if (length != 0) {
                    throw new IOException("chunk data longer than its size");
                }
                this.state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (length == 0) {
                    this.state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(this.state.name());
        }
    }

    private void statusLine(int length) throws IOException {
        byte[] l = this.line;
        if (length < 12 || l[0] != 'H' || l[1] != 'T' || l[2] != 'T' || l[3] != 'P' || l[4] != '/' || l[5] != '1'
                || l[6] != '.' || l[8] != ' ' || !digit(l[9]) || !digit(l[10]) || !digit(l[11])
                || (length > 12 && l[12] != ' ')) {
            throw new IOException("not an HTTP/1.x status line: " + text(0, Math.min(length, 100)));
        }
        this.http10 = l[7] == '0';
        this.status = (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
        this.state = State.HEADERS;
    }

    private void header(int length) throws IOException {
        int colon = 0;
        while (colon < length && this.line[colon] != ':') {
            colon++;
        }
        if (colon == 0 || colon == length) {
            throw new IOException("malformed header line: " + text(0, Math.min(length, 100)));
        }
        int from = colon + 1;
        int to = length;
        while (from < to && (this.line[from] == ' ' || this.line[from] == '\t')) {
            from++;
        }
        while (to > from && (this.line[to - 1] == ' ' || this.line[to - 1] == '\t')) {
            to--;
        }
        if (nameIs("content-length", colon)) {
            this.contentLength = number(from, to, 10, "Content-Length");
        }
        else if (nameIs("transfer-encoding", colon)) {
            this.chunked |= lower(from, to).contains("chunked");
        }
        else if (nameIs("connection", colon)) {
            String value = lower(from, to);
            this.close |= value.contains("close");
            this.keepAlive |= value.contains("keep-alive");
        }
        else if (nameIs("retry-after", colon)) {
            this.retryAfter = text(from, to);
        }
        else if (nameIs("location", colon)) {
            this.location = text(from, to);
        }
    }

    private void endOfHead() throws IOException {
        if (this.status < 200) {
            // 100 Continue and the like: the real response follows.
            resetHead();
            this.state = State.STATUS;
            return;
        }
        if (this.http10 && !this.keepAlive) {
            this.close = true;
        }
        if (this.status == 204 || this.status == 304) {
            this.state = State.DONE;
        }
        else if (this.chunked) {
            this.state = State.CHUNK_SIZE;
        }
        else if (this.contentLength >= 0) {
            if (this.contentLength > MAX_BODY) {
                throw new IOException("body of " + this.contentLength + " bytes is over the limit of " + MAX_BODY);
            }
            this.body = new byte[(int) this.contentLength];
            this.left = this.contentLength;
            this.state = (this.left == 0) ? State.DONE : State.BODY;
        }
        else {
            this.close = true;
            this.state = State.UNTIL_EOF;
        }
    }

    private void chunkSize(int length) throws IOException {
        int end = 0;
        while (end < length && this.line[end] != ';' && this.line[end] != ' ' && this.line[end] != '\t') {
            end++;
        }
        long size = number(0, end, 16, "chunk size");
        if (size == 0) {
            this.state = State.TRAILERS;
            return;
        }
        if (this.bodyLength + size > MAX_BODY) {
            throw new IOException("chunked body over the limit of " + MAX_BODY + " bytes");
        }
        this.left = size;
        this.state = State.CHUNK_DATA;
    }

    private void append(ByteBuffer in, int n) throws IOException {
        int needed = this.bodyLength + n;
        if (needed > this.body.length) {
            if (needed > MAX_BODY) {
                throw new IOException("body over the limit of " + MAX_BODY + " bytes");
            }
            this.body = Arrays.copyOf(this.body, Math.min(MAX_BODY, Math.max(needed, this.body.length * 2)));
        }
        in.get(this.body, this.bodyLength, n);
        this.bodyLength = needed;
    }

    private boolean nameIs(String lowerName, int length) {
        if (length != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int c = this.line[i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private long number(int from, int to, int radix, String what) throws IOException {
        if (from == to || to - from > 15) {
            throw new IOException("bad " + what + ": " + text(from, to));
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(this.line[i], radix);
            if (d < 0) {
                throw new IOException("bad " + what + ": " + text(from, to));
            }
            value = value * radix + d;
        }
        return value;
    }

    private String text(int from, int to) {
        return new String(this.line, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private String lower(int from, int to) {
        return text(from, to).toLowerCase(Locale.ROOT);
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

}
