package io.backchannel.faults.cluster;

/**
 * The cluster could not be started, changed or checked as the suite asked: the run cannot
 * go on, and what it measured so far does not count.
 */
public class ClusterException extends RuntimeException {

    public ClusterException(String message) {
        super(message);
    }

}
