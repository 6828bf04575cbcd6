/**
 * The backplane: how a node that consumed a reply hands it to the node holding the
 * socket.
 */
package io.backchannel.node.backplane;
