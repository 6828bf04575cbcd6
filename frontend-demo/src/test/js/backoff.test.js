import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { backoffDelay, CloseCode, reconnectSpreadMs } from '../../main/js/backchannel-client.js';
import { harness } from './fakes.js';

const BACKOFF = { initialMs: 500, maxMs: 15000, factor: 2 };

describe('backoff', () => {
  it('jitters each delay between half the cap and the cap', () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const cap = Math.min(15000, 500 * 2 ** attempt);
      assert.equal(backoffDelay(attempt, BACKOFF, () => 0), cap / 2);
      assert.equal(backoffDelay(attempt, BACKOFF, () => 0.999999), cap);
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelay(attempt, BACKOFF, Math.random);
        assert.ok(delay >= cap / 2 && delay <= cap, `${delay} outside [${cap / 2}, ${cap}]`);
      }
    }
  });

  it('never waits longer than the cap, however many attempts failed', () => {
    assert.equal(backoffDelay(30, BACKOFF, () => 0.999999), 15000);
    assert.equal(backoffDelay(1000, BACKOFF, () => 0.999999), 15000);
  });

  it('reconnects after growing delays while the server cannot be reached', async () => {
    const { client, clock, ws } = harness({ client: { random: () => 1 } });
    client.start();
    await clock.advance(0);
    const delays = [];
    for (let i = 0; i < 7; i++) {
      ws.last().serverClose(1006);
      delays.push(client.state.retryInMs);
      await clock.advance(client.state.retryInMs);
    }
    assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 15000, 15000]);
    assert.equal(ws.sockets.length, 8);
    assert.equal(client.state.state, 'connecting');
  });

  it('starts again from the shortest delay once a socket was welcomed', async () => {
    const { client, clock, ws } = harness({ client: { random: () => 1 } });
    client.start();
    await clock.advance(0);
    ws.last().serverClose(1006);
    await clock.advance(500);
    ws.last().serverClose(1006);
    await clock.advance(1000);
    ws.last().welcome('node-a');
    assert.equal(client.state.state, 'open');
    ws.last().serverClose(1006);
    assert.equal(client.state.retryInMs, 500);
    assert.equal(client.state.state, 'reconnecting');
  });

  it('reconnects at once when the node shuts down (1012), and counts the reconnect', async () => {
    const { client, clock, ws, states } = harness();
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    ws.last().serverClose(CloseCode.SERVICE_RESTART, 'node shutting down');
    assert.equal(client.state.retryInMs, 0);
    await clock.advance(0);
    assert.equal(ws.sockets.length, 2);
    ws.last().welcome('node-b');
    const state = client.state;
    assert.equal(state.state, 'open');
    assert.equal(state.nodeId, 'node-b');
    assert.equal(state.reconnects, 1);
    assert.deepEqual(
      [...new Set(states.map((s) => s.state))],
      ['connecting', 'open', 'reconnecting'],
    );
  });

  it('spreads its reconnect over the window a draining node names in its 1012', async () => {
    const { client, clock, ws } = harness({ client: { random: () => 0.5 } });
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    ws.last().serverClose(CloseCode.SERVICE_RESTART, 'node shutting down; reconnect within 1000 ms');
    assert.equal(client.state.retryInMs, 500);
    await clock.advance(499);
    assert.equal(ws.sockets.length, 1);
    await clock.advance(1);
    assert.equal(ws.sockets.length, 2);
    assert.equal(reconnectSpreadMs('node shutting down; reconnect within 999999 ms'), 30000);
    assert.equal(reconnectSpreadMs('send failed'), 0);
  });

  it('does not hammer a node that refuses with 1012 before welcoming', async () => {
    const { client, clock, ws } = harness({ client: { random: () => 1 } });
    client.start();
    await clock.advance(0);
    ws.last().open();
    ws.last().serverClose(CloseCode.SERVICE_RESTART);
    assert.equal(client.state.retryInMs, 500);
  });

  it('gives up a socket that is never welcomed, and tries again', async () => {
    const { client, clock, ws } = harness({ client: { helloTimeoutMs: 3000, random: () => 1 } });
    client.start();
    await clock.advance(0);
    ws.last().open();
    await clock.advance(3000);
    assert.equal(ws.sockets[0].closedWith.code, 4000);
    assert.equal(client.state.lastClose.code, 4000);
    await clock.advance(500);
    assert.equal(ws.sockets.length, 2);
  });

  it('rotates through several WebSocket URLs, one per attempt', async () => {
    const { client, clock, ws } = harness({ client: { wsUrl: ['ws://a/ws', 'ws://b/ws'] } });
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    ws.last().serverClose(1006);
    await clock.advance(client.state.retryInMs);
    ws.last().serverClose(1006);
    await clock.advance(client.state.retryInMs);
    assert.deepEqual(
      ws.sockets.map((s) => s.url),
      ['ws://a/ws', 'ws://b/ws', 'ws://a/ws'],
    );
  });

  it('stops for good on stop(): no reconnect, state closed', async () => {
    const { client, clock, ws } = harness();
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    client.stop();
    assert.equal(ws.last().closedWith.code, 1000);
    await clock.advance(60000);
    assert.equal(ws.sockets.length, 1);
    assert.equal(client.state.state, 'closed');
    assert.deepEqual(clock.pending(), []);
  });
});
