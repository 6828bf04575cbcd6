package io.backchannel.faults.scenario;

import java.time.Duration;

/**
 * The size and pace of one fault's run.
 *
 * @param clients clients (a session and a socket each), fresh for each fault
 * @param rate requests a second, steady through the fault
 * @param minRequests the least number of requests sent for a fault; traffic goes on until
 * the fault is over and {@code calm} has passed, so a long fault sends more
 * @param outage how long a killed part stays down before it is started again
 * @param calm traffic before the fault is injected, and after the cluster is whole again
 * @param settle how long accepted requests may take to get their terminal update once
 * sending stopped; any still without one then is lost
 * @param submitDeadline how long one request is sent again (the same correlation id)
 * before the client abandons it (which counts as lost)
 */
public record RunSettings(int clients, double rate, long minRequests, Duration outage, Duration calm, Duration settle,
        Duration submitDeadline) {

}
