/**
 * Client identities and the stateless tokens that prove them.
 */
package io.backchannel.node.auth;
