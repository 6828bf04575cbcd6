package io.backchannel.node.callback;

import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.InvalidIdException;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.MessageProperties;

/**
 * One call of a callback, as it travels through the callback queues.
 *
 * @param client the request's owner
 * @param id the request
 * @param eventId its terminal event: the {@code Backchannel-Delivery} id a receiver
 * dedupes on, the same on every call
 * @param url where to POST
 * @param attempt which call this is, from 1
 * @param since when the first call was scheduled, epoch ms
 */
record CallbackDelivery(ClientId client, CorrelationId id, String eventId, String url, int attempt, long since) {

    static final String URL_HEADER = "bc-callback-url";

    /** The delivery a message carries, or null when it carries none (not ours). */
    static @Nullable CallbackDelivery read(MessageProperties props) {
        try {
            Object client = props.getHeader(Headers.CLIENT_ID);
            Object eventId = props.getHeader(Headers.EVENT_ID);
            Object url = props.getHeader(URL_HEADER);
            Object attempt = props.getHeader(Headers.CALLBACK_ATTEMPT);
            Object since = props.getHeader(Headers.CALLBACK_SINCE);
            if (!(client instanceof String c) || eventId == null || url == null || !(attempt instanceof Number a)
                    || !(since instanceof Number s)) {
                return null;
            }
            return new CallbackDelivery(ClientId.of(c), CorrelationId.of(props.getCorrelationId()), eventId.toString(),
                    url.toString(), a.intValue(), s.longValue());
        }
        catch (InvalidIdException ex) {
            return null;
        }
    }

}
