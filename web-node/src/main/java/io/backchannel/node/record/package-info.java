/**
 * Request records and client inboxes in Redis: the state every node shares.
 */
package io.backchannel.node.record;
