package io.backchannel.amqp.publish;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes persistent messages on a few long-lived channels in confirm mode and hands
 * each caller a future of its own message's confirm.
 *
 * <p>
 * Why not {@code RabbitTemplate}: with correlated confirms, Spring's channel cache keeps
 * a channel out of the cache until its publishes are confirmed, so N requests waiting for
 * their confirm hold N channels, each carrying one message. The broker then runs a
 * channel process, a quorum-queue enqueuer and a confirm frame per message. Here every
 * publish goes to one of {@code channels} channels, the broker confirms many at once
 * ({@code multiple}), and nothing is opened or closed per message.
 *
 * <p>
 * Guarantee: the future completes normally only once the broker confirmed the message and
 * did not return it as unroutable (every publish is {@code mandatory}); it completes with
 * a {@link PublishFailedException} on a nack, a return, a channel or connection that
 * closed before the confirm, or a publish that could not be written. A caller that stops
 * waiting (its own timeout) leaves the message's fate unknown, as with any broker.
 *
 * <p>
 * The connection is opened on first use and again after it is lost, by the next publish:
 * there is no background recovery, so a broker that is away fails publishes at once
 * instead of queueing them.
 */
public final class ConfirmingPublisher implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ConfirmingPublisher.class);

    private final ConnectionFactory factory;

    /** The brokers to try, in order; empty: the factory's own host and port. */
    private final List<Address> addresses;

    private final String connectionName;

    private final List<ConfirmLane> lanes;

    private final AtomicInteger next = new AtomicInteger();

    private final ReentrantLock connecting = new ReentrantLock();

    private final PublisherBlocking blocking = new PublisherBlocking();

    private volatile Connection connection;

    private volatile boolean closed;

    /**
     * @param factory the client's factory (host, credentials, timeouts); Spring's
     * {@code CachingConnectionFactory.getRabbitConnectionFactory()} in the apps
     * @param connectionName the name the broker shows for this connection
     * @param channels how many channels publishes are spread over
     */
    public ConfirmingPublisher(ConnectionFactory factory, String connectionName, int channels) {
        this(factory, List.of(), connectionName, channels);
    }

    /**
     * @param factory the client's factory (credentials, timeouts)
     * @param addresses the brokers of a cluster, tried in order when the publisher
     * (re)connects, so that it finds a survivor; empty for the factory's host and port
     * @param connectionName the name the broker shows for this connection
     * @param channels how many channels publishes are spread over
     */
    public ConfirmingPublisher(ConnectionFactory factory, List<Address> addresses, String connectionName,
            int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be at least 1, was " + channels);
        }
        this.factory = factory;
        this.addresses = List.copyOf(addresses);
        this.connectionName = connectionName;
        this.lanes = IntStream.range(0, channels).mapToObj((i) -> new ConfirmLane(this::open)).toList();
    }

    /**
     * Publishes one message ({@code mandatory}; the properties say whether it is
     * persistent) and returns its confirm.
     */
    public CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties,
            byte[] body) {
        if (this.closed) {
            return CompletableFuture.failedFuture(new PublishFailedException("the publisher is closed"));
        }
        ConfirmLane lane = this.lanes.get(Math.floorMod(this.next.getAndIncrement(), this.lanes.size()));
        return lane.publish(exchange, routingKey, properties, body);
    }

    /**
     * Whether the broker blocks this publisher's connection ({@code connection.blocked}:
     * a memory or disk alarm). Publishes would then wait for their confirm until the
     * caller's timeout.
     */
    public boolean blocked() {
        Connection current = this.connection;
        return current != null && current.isOpen() && this.blocking.blocked();
    }

    /** Messages published and not yet confirmed, nacked or failed. */
    public int pending() {
        return this.lanes.stream().mapToInt(ConfirmLane::pending).sum();
    }

    /**
     * Waits for a confirm: a convenience for callers that block.
     * @throws PublishFailedException if the message was not confirmed in time or failed
     */
    public static void await(CompletableFuture<Void> confirm, Duration timeout) throws InterruptedException {
        try {
            confirm.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException ex) {
            throw new PublishFailedException("not confirmed within " + timeout.toMillis() + " ms");
        }
        catch (ExecutionException ex) {
            throw (ex.getCause() instanceof PublishFailedException failed) ? failed
                    : new PublishFailedException(String.valueOf(ex.getCause()), ex.getCause());
        }
    }

    @Override
    public void close() {
        this.closed = true;
        Connection current = this.connection;
        if (current != null && current.isOpen()) {
            try {
                // Outstanding confirms fail with the channels' shutdown.
                current.close(5_000);
            }
            catch (IOException | RuntimeException ex) {
                logger.debug("Closing the publisher connection: {}", ex.toString());
            }
        }
    }

    /** The open connection, opened now if there is none. */
    private Connection open() throws IOException {
        Connection current = this.connection;
        if (current != null && current.isOpen()) {
            return current;
        }
        this.connecting.lock();
        try {
            current = this.connection;
            if (current != null && current.isOpen()) {
                return current;
            }
            if (this.closed) {
                throw new IOException("the publisher is closed");
            }
            try {
                current = this.addresses.isEmpty() ? this.factory.newConnection(this.connectionName)
                        : this.factory.newConnection(this.addresses, this.connectionName);
            }
            catch (TimeoutException ex) {
                throw new IOException("timed out connecting to the broker", ex);
            }
            this.blocking.reset();
            current.addBlockedListener(this.blocking);
            this.connection = current;
            logger.info("Publisher connection {} open", this.connectionName);
            return current;
        }
        finally {
            this.connecting.unlock();
        }
    }

}
