package io.backchannel.node.backplane;

/**
 * Sends one backplane message to one node's channel. The send is fire-and-forget: a
 * message that does not arrive is made good by the receiving node's catch-up.
 */
interface BackplaneSender {

    void send(String channel, String message);

}
