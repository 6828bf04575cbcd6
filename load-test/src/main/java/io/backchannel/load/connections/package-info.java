/**
 * The connections scenario: tens of thousands of idle sockets on one node, and what each
 * costs it in heap and resident memory.
 */
package io.backchannel.load.connections;
