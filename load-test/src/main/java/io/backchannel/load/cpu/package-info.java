/**
 * CPU time per job: utime + stime of named groups of processes from /proc, sampled at the
 * start and the end of a scenario's measured window.
 */
package io.backchannel.load.cpu;
