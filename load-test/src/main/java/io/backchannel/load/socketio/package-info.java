/**
 * The load generator's side of the baseline (load-test/baseline): a Socket.IO v4 client
 * over the driver's WebSocket client (Engine.IO v4 framing, WebSocket transport only) and
 * the baseline's {@code POST /api/requests}, behind the same {@code Client} interface as
 * Backchannel's protocol, so that every scenario drives either system.
 */
package io.backchannel.load.socketio;
