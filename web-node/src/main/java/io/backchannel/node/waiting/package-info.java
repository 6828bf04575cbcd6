/**
 * Answers that wait for the request's end: an HTTP call with {@code Prefer: wait=N} is
 * held, with no thread, until the request ends or N seconds pass. The node is told of the
 * end by the same path that feeds its sockets, wherever the worker's reply was consumed.
 */
package io.backchannel.node.waiting;
