/**
 * The Redis key layout and the forms of what is stored under it.
 */
package io.backchannel.contracts.redis;
