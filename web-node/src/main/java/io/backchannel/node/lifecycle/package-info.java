/**
 * Graceful shutdown of a node.
 */
package io.backchannel.node.lifecycle;
