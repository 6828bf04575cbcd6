/**
 * Steady traffic through a fault, built on the load test's client: the request stream
 * that retries until accepted, the watch on dropped sockets, recovery times, and record
 * probes for requests that went missing.
 */
package io.backchannel.faults.traffic;
