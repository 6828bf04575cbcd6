package io.backchannel.node.record;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Redis does not answer this node ({@link StoreProbe}): a step refused at once, which the
 * API answers as any outage of the store, {@code 503} with {@code Retry-After}.
 */
public class StoreAwayException extends DataAccessResourceFailureException {

    StoreAwayException(String message) {
        super(message);
    }

}
