/**
 * The restart scenario: many sockets through the front door, one node restarted, and how
 * the sockets it held come back.
 */
package io.backchannel.load.restart;
