/**
 * The suite's own local cluster: its ports and run directory, the launcher that starts it
 * and kills or restarts its parts, its readiness, and Redis administration.
 */
package io.backchannel.faults.cluster;
