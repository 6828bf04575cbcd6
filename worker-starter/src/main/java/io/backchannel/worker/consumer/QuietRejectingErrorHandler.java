package io.backchannel.worker.consumer;

import org.springframework.amqp.rabbit.listener.ConditionalRejectingErrorHandler;

/**
 * Spring AMQP's default error handler, without its stack trace for jobs the worker
 * rejected on purpose: their outcome is logged already, in one line.
 */
class QuietRejectingErrorHandler extends ConditionalRejectingErrorHandler {

    @Override
    protected void log(Throwable t) {
        if (causeChainContainsARADRE(t)) {
            this.logger.debug("Job rejected without requeue", t);
        }
        else if (this.logger.isWarnEnabled()) {
            Throwable cause = (t.getCause() != null) ? t.getCause() : t;
            this.logger.warn("Job returned to its queue: " + cause.getMessage(), cause);
        }
    }

}
