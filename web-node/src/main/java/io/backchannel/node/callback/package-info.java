/**
 * Callbacks (webhooks): a request's terminal record POSTed to the URL its caller named,
 * signed, retried with backoff through the broker, only to hosts the operator lists.
 */
package io.backchannel.node.callback;
