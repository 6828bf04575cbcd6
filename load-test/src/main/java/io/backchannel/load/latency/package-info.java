/**
 * The latency scenario: a fixed request rate, open loop, latency from each request's
 * intended send time to its terminal update, split at the 202.
 */
package io.backchannel.load.latency;
