package io.backchannel.load;

import java.util.Map;

import io.backchannel.load.client.TallyCounts;
import io.backchannel.load.report.Table;

/**
 * The delivery guarantees every traffic scenario checks: no accepted request without its
 * terminal update, no request terminal twice; and what the client had to retry.
 */
public final class TallyChecks {

    private TallyChecks() {
    }

    /**
     * Adds the tally's table to the report, a failure for every lost or duplicated job,
     * and notes for what deserves a look.
     */
    public static void apply(Report report, TallyCounts counts, Map<String, Long> retried) {
        report.figure("retried", retried);
        report
            .table(new Table("requests", "submitted", "accepted", "refused", "completed", "lost", "duplicates",
                    "repeated frames")
                .row("", counts.submitted(), counts.accepted(), counts.refused(), counts.completed(), counts.lost(),
                        counts.duplicateTerminals(), counts.repeatedFrames())
                .toString());
        if (counts.lost() > 0) {
            report.fail(counts.lost() + " accepted job(s) lost (no terminal update), e.g. " + counts.lostSamples());
        }
        if (counts.duplicateTerminals() > 0) {
            report
                .fail(counts.duplicateTerminals() + " duplicate terminal update(s), e.g. " + counts.duplicateSamples());
        }
        if (counts.refused() > 0) {
            report.note(counts.refused() + " request(s) refused or given up after retries (not owed an update)");
        }
        if (!retried.isEmpty()) {
            report.note("answers retried with the same correlation id, by reason: " + retried);
        }
        if (counts.sending() > 0) {
            report.note(counts.sending() + " request(s) were still being retried when the run ended");
        }
        if (counts.repeatedFrames() > 0) {
            report.note(counts.repeatedFrames()
                    + " event(s) arrived twice on one socket and were dropped by the client (allowed, not expected)");
        }
        if (counts.unknownTerminals() > 0) {
            report.note(counts.unknownTerminals() + " terminal update(s) for requests this run never sent");
        }
    }

}
