package io.backchannel.node.intake;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.http.RequestView;

/**
 * What a submission came to, whichever way it came.
 */
public sealed interface SubmitOutcome {

    /**
     * Taken: its job is published.
     *
     * @param view the record
     * @param published whether this call published the job (202), rather than finding it
     * published by an earlier one (200)
     */
    record Accepted(RequestView view, boolean published) implements SubmitOutcome {

    }

    /**
     * Refused, with what HTTP would have answered.
     *
     * @param type the problem type, which fixes the HTTP status
     * @param detail a sentence for the client
     * @param retryAfterSeconds the {@code Retry-After}, in whole seconds, where HTTP
     * sends one ({@code rate_limited}, {@code unavailable}); else null
     */
    record Refused(ProblemType type, String detail, Long retryAfterSeconds) implements SubmitOutcome {

    }

}
