package io.backchannel.amqp.publish;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * One channel's worth of publishing: publishes through it one at a time, so that the
 * sequence number a publish is given is the one the broker confirms, and replaces the
 * channel when it has closed.
 */
final class ConfirmLane {

    /** Gives the open connection, opening one if needed. */
    interface Connections {

        Connection open() throws IOException;

    }

    private final Connections connections;

    private final ReentrantLock lock = new ReentrantLock();

    private volatile ConfirmChannel current;

    ConfirmLane(Connections connections) {
        this.connections = connections;
    }

    CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        this.lock.lock();
        try {
            ConfirmChannel channel = this.current;
            if (channel == null || !channel.isOpen()) {
                channel = ConfirmChannel.open(this.connections.open());
                this.current = channel;
            }
            return channel.publish(exchange, routingKey, properties, body);
        }
        catch (IOException | ShutdownSignalException ex) {
            return CompletableFuture.failedFuture(new PublishFailedException("not sent: " + ex.getMessage(), ex));
        }
        finally {
            this.lock.unlock();
        }
    }

    int pending() {
        ConfirmChannel channel = this.current;
        return (channel != null) ? channel.pending() : 0;
    }

}
