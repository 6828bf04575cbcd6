package io.backchannel.faults.report;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one fault cost the clients. Counts are per correlation id, as the owning client
 * saw them; times are in seconds.
 *
 * @param fault the fault's name
 * @param description what was done to the cluster
 * @param clients clients sending (a socket each, spread over the nodes)
 * @param sent requests sent (each with a fresh correlation id)
 * @param accepted answered 202 or 200, after retries with the same id
 * @param terminal accepted requests whose terminal update reached their client
 * @param lost accepted without a terminal update, plus requests abandoned unaccepted:
 * must be 0
 * @param abandoned never accepted within the submit deadline (part of lost)
 * @param refused answered with something a retry cannot change (4xx but 429, 500), or
 * failed in the client: must be 0
 * @param dupShown terminal updates a client would show twice: a second terminal event for
 * a request, or one event passed on again after the client's event-id dedupe; must be 0
 * @param redelivered events delivered again to a socket and dropped by the client's
 * event-id dedupe (raw redeliveries; harmless)
 * @param retried requests answered 503, 429, a gateway error or nothing at least once,
 * and sent again with the same id
 * @param attempts tries of all requests
 * @param recovery the longest stretch from the injection on in which no client received
 * any terminal update (from the injection to the first one, or between two): how long
 * answers stopped; null when none came after the injection
 * @param firstAnswer from the injection to the first terminal update received for a
 * request due after it; null when none was due after it
 * @param worstWait the longest a request waited, from when it was due to its terminal
 * update
 * @param slowest that request: its id, how long its acceptance took, how long its
 * terminal update took after that, and its path
 * @param socketsWatched sockets watched through the fault (those on the node(s) it hit,
 * or all of them)
 * @param socketsMoved watched sockets the fault dropped, welcomed again since
 * @param socketsBack from the injection to the last of them welcomed again; null when
 * none moved
 * @param socketsNotBack sockets dropped and not welcomed again: must be 0
 * @param terminalsVia terminal updates received, by the path they took
 * @param failedByCode terminal updates that were FAILED, by error code (a job no fault
 * should fail: each is a request the system gave up on, answered rather than lost)
 * @param lostSamples up to 20 lost requests, with what their record said at the end
 * @param duplicateSamples up to 20 duplicate terminal updates
 * @param problems up to 20 abandoned or refused requests, with their last answer
 * @param timeline what was done when, in seconds from the start of the fault's traffic
 * @param duration seconds from the start of the traffic until every accepted request had
 * its terminal update
 */
public record FaultResult(String fault, String description, int clients, long sent, long accepted, long terminal,
        long lost, long abandoned, long refused, long dupShown, long redelivered, long retried, long attempts,
        Double recovery, Double firstAnswer, double worstWait, String slowest, int socketsWatched, int socketsMoved,
        Double socketsBack, int socketsNotBack, Map<String, Long> terminalsVia, Map<String, Long> failedByCode,
        List<String> lostSamples, List<String> duplicateSamples, List<String> problems, List<Event> timeline,
        double duration) {

    /** Accepted requests that ended FAILED. */
    @JsonProperty("failed")
    public long failed() {
        return this.failedByCode.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Nothing lost, nothing shown twice, nothing refused, no client cut off. */
    @JsonProperty("passed")
    public boolean passed() {
        return this.lost == 0 && this.dupShown == 0 && this.refused == 0 && this.socketsNotBack == 0;
    }

    /**
     * @param at seconds from the start of the fault's traffic
     * @param what what happened
     */
    public record Event(double at, String what) {

    }

}
