/**
 * The throughput scenario: many clients submit as fast as the cluster accepts, and the
 * completed jobs per second are counted over a steady window.
 */
package io.backchannel.load.throughput;
