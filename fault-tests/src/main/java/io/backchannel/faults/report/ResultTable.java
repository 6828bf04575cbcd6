package io.backchannel.faults.report;

import io.backchannel.load.report.Table;

/**
 * The suite's results as a text table, one row per fault.
 */
public final class ResultTable {

    private ResultTable() {
    }

    public static String of(SuiteResult suite) {
        Table table = new Table("fault", "sent", "accepted", "terminal", "failed", "lost", "refused", "dup shown",
                "redelivered", "503-retried", "recovery s", "worst wait s", "sockets moved", "sockets back s",
                "verdict");
        for (FaultResult f : suite.faults()) {
            table.row(f.fault(), f.sent(), f.accepted(), f.terminal(), f.failed(), f.lost(), f.refused(), f.dupShown(),
                    f.redelivered(), f.retried(), f.recovery(), f.worstWait(),
                    f.socketsMoved() + "/" + f.socketsWatched(), f.socketsBack(), f.passed() ? "pass" : "FAIL");
        }
        StringBuilder out = new StringBuilder(table.toString());
        for (FaultResult f : suite.faults()) {
            if (!f.passed()) {
                out.append('\n').append(f.fault()).append(" failed:\n");
                details(out, "lost", f.lostSamples());
                details(out, "shown twice", f.duplicateSamples());
                details(out, "abandoned or refused", f.problems());
                if (f.socketsNotBack() > 0) {
                    out.append("  ").append(f.socketsNotBack()).append(" sockets dropped and not welcomed again\n");
                }
            }
        }
        for (FaultResult f : suite.faults()) {
            if (f.failed() > 0) {
                out.append('\n')
                    .append(f.fault())
                    .append(" ended requests FAILED: ")
                    .append(f.failedByCode())
                    .append('\n');
            }
        }
        if (suite.failure() != null) {
            out.append("\nthe run stopped early: ").append(suite.failure()).append('\n');
        }
        return out.toString();
    }

    private static void details(StringBuilder out, String what, Iterable<String> samples) {
        for (String sample : samples) {
            out.append("  ").append(what).append(": ").append(sample).append('\n');
        }
    }

}
