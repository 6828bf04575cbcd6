/**
 * The fault-injection suite: starts a local cluster of its own with the launcher, injects
 * each fault under steady traffic, prints a table and writes JSON results, and stops the
 * cluster.
 */
package io.backchannel.faults;
