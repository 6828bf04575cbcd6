package io.backchannel.faults.scenario;

/**
 * One fault the suite injects under traffic.
 *
 * @param name short name, for the table and the results file
 * @param description what is done to the cluster
 * @param script injects the fault and brings the cluster back; returns once every part it
 * touched is up again
 */
public record Fault(String name, String description, Script script) {

    /** The steps of a fault, told to a {@link FaultContext} as they happen. */
    @FunctionalInterface
    public interface Script {

        void run(FaultContext context) throws InterruptedException;

    }

}
