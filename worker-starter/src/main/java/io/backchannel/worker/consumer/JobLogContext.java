package io.backchannel.worker.consumer;

import org.slf4j.MDC;

/**
 * A job's ids in the log's MDC while it is handled, so that every line names its request:
 * {@code try (JobLogContext c = JobLogContext.of(delivery)) { ... }}.
 */
final class JobLogContext implements AutoCloseable {

    static final String CORRELATION_ID = "correlationId";

    static final String CLIENT_ID = "clientId";

    static final String JOB_TYPE = "jobType";

    private static final JobLogContext INSTANCE = new JobLogContext();

    private JobLogContext() {
    }

    static JobLogContext of(Delivery delivery) {
        MDC.put(CORRELATION_ID, delivery.correlationId().value());
        MDC.put(CLIENT_ID, delivery.clientId().value());
        MDC.put(JOB_TYPE, delivery.type().value());
        return INSTANCE;
    }

    @Override
    public void close() {
        MDC.remove(CORRELATION_ID);
        MDC.remove(CLIENT_ID);
        MDC.remove(JOB_TYPE);
    }

}
