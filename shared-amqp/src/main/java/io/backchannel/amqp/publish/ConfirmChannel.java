package io.backchannel.amqp.publish;

import java.io.IOException;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * A channel in confirm mode and the confirms it still owes, by publish sequence number.
 * Only the channel's own listeners settle a pending confirm: acks (one or
 * {@code multiple}), nacks, returns and the channel's shutdown.
 *
 * <p>
 * A returned message is told apart by its {@code message-id}, which carries its sequence
 * number: the broker sends {@code basic.return} before the {@code basic.ack} of the same
 * message, and the return says nothing else that is unique.
 */
final class ConfirmChannel {

    private final Channel channel;

    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> pending = new ConcurrentSkipListMap<>();

    private volatile ShutdownSignalException closedBy;

    private ConfirmChannel(Channel channel) {
        this.channel = channel;
    }

    static ConfirmChannel open(Connection connection) throws IOException {
        Channel channel = connection.createChannel();
        if (channel == null) {
            throw new IOException("the broker allows no more channels on this connection");
        }
        channel.confirmSelect();
        ConfirmChannel confirms = new ConfirmChannel(channel);
        channel.addConfirmListener((seq, multiple) -> confirms.settle(seq, multiple, null),
                (seq, multiple) -> confirms.settle(seq, multiple, new PublishFailedException("nacked by the broker")));
        channel.addReturnListener(confirms::returned);
        channel.addShutdownListener(confirms::closed);
        return confirms;
    }

    boolean isOpen() {
        return this.closedBy == null && this.channel.isOpen();
    }

    int pending() {
        return this.pending.size();
    }

    /** Publishes; the caller serialises publishes on this channel. */
    CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
            throws IOException {
        long seq = this.channel.getNextPublishSeqNo();
        CompletableFuture<Void> confirm = new CompletableFuture<>();
        this.pending.put(seq, confirm);
        try {
            this.channel.basicPublish(exchange, routingKey, true,
                    properties.builder().messageId(Long.toString(seq)).build(), body);
        }
        catch (IOException | RuntimeException ex) {
            this.pending.remove(seq);
            throw ex;
        }
        if (this.closedBy != null) {
            // Closed while this publish went out: its shutdown may have drained the
            // pending confirms before this one was there.
            fail(seq, new PublishFailedException("channel closed before the confirm: " + this.closedBy.getMessage()));
        }
        return confirm;
    }

    private void settle(long seq, boolean multiple, PublishFailedException failure) {
        if (multiple) {
            NavigableMap<Long, CompletableFuture<Void>> settled = this.pending.headMap(seq, true);
            settled.values().forEach((confirm) -> complete(confirm, failure));
            settled.clear();
        }
        else {
            CompletableFuture<Void> confirm = this.pending.remove(seq);
            if (confirm != null) {
                complete(confirm, failure);
            }
        }
    }

    private void returned(Return returned) {
        String id = returned.getProperties().getMessageId();
        if (id == null) {
            return;
        }
        CompletableFuture<Void> confirm;
        try {
            confirm = this.pending.get(Long.parseLong(id));
        }
        catch (NumberFormatException ex) {
            return;
        }
        // Failed now; the ack that follows finds the future done and leaves it so.
        if (confirm != null) {
            confirm.completeExceptionally(new PublishFailedException("returned unroutable by the broker ("
                    + returned.getReplyText() + ", " + returned.getExchange() + "/" + returned.getRoutingKey() + ")"));
        }
    }

    private void closed(ShutdownSignalException cause) {
        this.closedBy = cause;
        PublishFailedException failure = new PublishFailedException(
                "channel closed before the confirm: " + cause.getMessage(), cause);
        this.pending.keySet().forEach((seq) -> fail(seq, failure));
    }

    private void fail(long seq, PublishFailedException failure) {
        CompletableFuture<Void> confirm = this.pending.remove(seq);
        if (confirm != null) {
            confirm.completeExceptionally(failure);
        }
    }

    private static void complete(CompletableFuture<Void> confirm, PublishFailedException failure) {
        if (failure == null) {
            confirm.complete(null);
        }
        else {
            confirm.completeExceptionally(failure);
        }
    }

}
