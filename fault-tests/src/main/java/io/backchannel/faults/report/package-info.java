/**
 * The suite's results: per fault and per run, as a table and as JSON files.
 */
package io.backchannel.faults.report;
