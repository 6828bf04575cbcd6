package io.backchannel.faults.scenario;

import java.time.Duration;

import io.backchannel.faults.cluster.ClusterPlan;
import io.backchannel.faults.cluster.Launcher;
import io.backchannel.faults.cluster.RedisAdmin;

/**
 * What a {@link Fault.Script} acts on and reports to, while traffic flows.
 */
public interface FaultContext {

    Launcher cluster();

    ClusterPlan plan();

    RedisAdmin redis();

    /** How long a killed part stays down before it is started again. */
    Duration outage();

    /**
     * The fault is being injected now: the first call starts the recovery clock; every
     * call is a line on the timeline.
     */
    void inject(String what);

    /** A line on the timeline. */
    void event(String what);

    /**
     * Watches the sockets that node {@code nodeId} holds now (all sockets when null):
     * which of them the fault drops, and when they are welcomed again.
     */
    void watchSockets(String nodeId);

    /**
     * A deliberate pause: traffic keeps flowing while the cluster is in the state
     * {@code state} names. Not a wait for a result.
     */
    void hold(Duration duration, String state) throws InterruptedException;

}
