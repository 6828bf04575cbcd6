/**
 * The load test's command line: scenarios against a running cluster, their options, and
 * their results files.
 */
package io.backchannel.load;
