package io.backchannel.load.client;

import java.util.List;
import java.util.Map;

/**
 * A tally at one moment.
 *
 * @param submitted requests registered before sending
 * @param accepted answered 202 or 200
 * @param refused refused, or given up after every retry: owed nothing
 * @param sending neither accepted nor refused yet (still retrying)
 * @param completed accepted, with their terminal update in
 * @param pending accepted, terminal update not in yet
 * @param lost accepted, and no terminal update within the time allowed
 * @param duplicateTerminals a second terminal event, under another event id, for one
 * request: the user would see it twice
 * @param copies the same terminal event again on another socket of the same client
 * (expected when a client holds several sockets)
 * @param unknownTerminals terminal updates for requests this tally never registered
 * @param repeatedFrames events a socket had already seen, dropped by it
 * @param updatesVia every update received, by path (local, backplane, replay)
 * @param terminalsVia terminal updates received, by path
 * @param lostSamples up to 20 lost correlation ids
 * @param duplicateSamples up to 20 duplicate terminals
 * @param failedByCode requests whose terminal update was FAILED, by error code
 */
public record TallyCounts(long submitted, long accepted, long refused, long sending, long completed, long pending,
        long lost, long duplicateTerminals, long copies, long unknownTerminals, long repeatedFrames,
        Map<String, Long> updatesVia, Map<String, Long> terminalsVia, List<String> lostSamples,
        List<String> duplicateSamples, Map<String, Long> failedByCode) {

    /** True when nothing accepted went missing and nothing arrived twice. */
    public boolean clean() {
        return this.lost == 0 && this.duplicateTerminals == 0;
    }

}
