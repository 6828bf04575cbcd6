package io.backchannel.load;

/**
 * One measurement. It reads its options first ({@link #configure}: nothing is sent yet,
 * so a bad option stops the run before any traffic), then runs bounded in time and count,
 * prints progress while it runs, and returns what it found.
 */
public interface Scenario {

    String name();

    /** One line for the list of scenarios. */
    String summary();

    /** Its own options, one per line, as {@code --name=default  meaning}. */
    String help();

    /**
     * Whether it is a part of another scenario's run, started by that run in a process of
     * its own rather than by hand: left out of the list of scenarios, and it writes no
     * results file of its own (its starter reports for it).
     */
    default boolean internal() {
        return false;
    }

    /** Reads this scenario's options from {@code args}. */
    Run configure(Args args, Common common);

    /** A configured scenario, ready to send traffic. */
    @FunctionalInterface
    interface Run {

        Report run() throws Exception;

    }

}
