package io.backchannel.contracts.ws;

/**
 * How an update travelled, so that cross-node delivery can be seen.
 *
 * @param acceptedBy the node that took the request over HTTP
 * @param receivedBy the node that consumed the worker's reply
 * @param deliveredBy the node that wrote it to this socket
 * @param via which path brought it to that node
 */
public record Route(String acceptedBy, String receivedBy, String deliveredBy, Via via) {

}
