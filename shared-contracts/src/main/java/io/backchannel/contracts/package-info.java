/**
 * What web nodes, workers and clients agree on: the public protocol v1, the broker
 * topology and the Redis key layout. No Spring in here.
 */
package io.backchannel.contracts;
