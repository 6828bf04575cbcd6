package io.backchannel.node.intake;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import org.slf4j.MDC;

/**
 * Puts a request's ids in the logging context ({@code clientId}, {@code correlationId})
 * and, when closed, puts back what was there before, so that contexts nest: a socket's
 * submit keeps its ids in its logs after the intake's own context has closed.
 */
final class LogContext implements AutoCloseable {

    private static final String CLIENT = "clientId";

    private static final String CORRELATION = "correlationId";

    private final String previousClient;

    private final String previousCorrelation;

    private LogContext(ClientId client, CorrelationId id) {
        this.previousClient = MDC.get(CLIENT);
        this.previousCorrelation = MDC.get(CORRELATION);
        put(CLIENT, (client != null) ? client.value() : this.previousClient);
        put(CORRELATION, (id != null) ? id.value() : this.previousCorrelation);
    }

    /**
     * @param client the client, or null to keep what is there
     * @param id the request, or null to keep what is there
     */
    static LogContext of(ClientId client, CorrelationId id) {
        return new LogContext(client, id);
    }

    @Override
    public void close() {
        put(CLIENT, this.previousClient);
        put(CORRELATION, this.previousCorrelation);
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
        else {
            MDC.remove(key);
        }
    }

}
