package io.backchannel.node.routing;

import java.time.Instant;

import io.backchannel.contracts.JobError;
import io.backchannel.contracts.JobErrorCode;
import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.id.NodeId;

/**
 * The terminal updates a node writes itself. They carry the highest attempt, which a
 * worker uses only for its last word on a job the broker gave up on (step 1), and steps
 * above that: so they win over whatever a worker still has in flight (a later update of
 * the worker is stale), and when a cancel, the deadline and a last word race, the one
 * applied second finds the record terminal and changes nothing.
 */
public final class EndingUpdates {

    /** The attempt of every node-made update, and of a worker's last word. */
    public static final int ATTEMPT = Integer.MAX_VALUE;

    private static final int DEADLINE_STEP = 2;

    private static final int CANCEL_STEP = 3;

    private EndingUpdates() {
    }

    public static JobUpdate deadlineExceeded(NodeId node, Instant now) {
        return new JobUpdate(ATTEMPT, DEADLINE_STEP, RequestStatus.FAILED, null, null, null,
                new JobError(JobErrorCode.DEADLINE_EXCEEDED, "The request had no answer by its deadline."),
                node.value(), now);
    }

    public static JobUpdate cancelled(NodeId node, Instant now) {
        return new JobUpdate(ATTEMPT, CANCEL_STEP, RequestStatus.CANCELLED, null, null, null, null, node.value(), now);
    }

}
