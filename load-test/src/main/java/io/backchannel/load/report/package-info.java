/**
 * Presenting what was measured: latency histograms and their percentiles, text tables,
 * progress lines while a scenario runs.
 */
package io.backchannel.load.report;
