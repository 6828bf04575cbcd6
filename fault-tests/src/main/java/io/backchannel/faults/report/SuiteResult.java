package io.backchannel.faults.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One run of the suite.
 *
 * @param started when it started
 * @param seconds how long it took, cluster start and stop included
 * @param machine where it ran (processors, memory, OS, Java)
 * @param settings the sizes and pace it ran with
 * @param faults one result per fault, in the order injected
 * @param failure why the run stopped early, or null
 */
public record SuiteResult(Instant started, double seconds, Map<String, Object> machine, Map<String, Object> settings,
        List<FaultResult> faults, String failure) {

    /** Every fault ran and passed. */
    @JsonProperty("passed")
    public boolean passed() {
        return this.failure == null && !this.faults.isEmpty() && this.faults.stream().allMatch(FaultResult::passed);
    }

}
