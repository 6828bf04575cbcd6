package io.backchannel.load.client;

/**
 * What every {@link Client} with one reconnecting socket shares: the API it posts
 * through, the tally it reports to, and its socket.
 *
 * @param <S> the socket's protocol
 */
public abstract class SocketClient<S extends ReconnectingSocket> implements Client {

    protected final Api api;

    protected final Tally tally;

    private final S socket;

    protected SocketClient(Api api, Tally tally, S socket) {
        this.api = api;
        this.tally = tally;
        this.socket = socket;
    }

    public S socket() {
        return this.socket;
    }

    @Override
    public int reconnects() {
        return this.socket.reconnects();
    }

    @Override
    public void close() {
        this.socket.close();
    }

}
