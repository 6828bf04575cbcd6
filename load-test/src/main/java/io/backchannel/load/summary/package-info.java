/**
 * The summary of a benchmark run: our figures from the scenarios' results files, set
 * against the broker's and Redis' own rates and against the targets.
 */
package io.backchannel.load.summary;
