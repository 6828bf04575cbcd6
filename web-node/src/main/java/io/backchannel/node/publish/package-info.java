/**
 * Events the application's backend publishes to a user ({@code POST /api/publish}, in
 * {@code jwt} mode, with a token granting the publish scope): appended to the user's
 * inbox once per publish id and routed to every socket of the user like an update.
 */
package io.backchannel.node.publish;
