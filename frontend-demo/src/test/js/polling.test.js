import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { harness, update } from './fakes.js';

describe('polling fallback', () => {
  it('polls unfinished requests while the socket is down, and stops once it is back', async () => {
    const { client, clock, ws, server, updates } = harness({ client: { pollIntervalMs: 2000, random: () => 1 } });
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    const request = await client.submit('report', { steps: 5 });
    await clock.advance(10000);
    assert.equal(server.callsTo('GET', '/api/requests/').length, 0, 'no polling while the socket is open');

    // Network loss: the server cannot be reached for a while.
    ws.last().serverClose(1006);
    assert.equal(client.state.polling, true);
    Object.assign(server.records.get(request.correlationId), { status: 'RUNNING', seq: 2, progress: 40 });
    for (let i = 0; i < 3; i++) {
      ws.last().serverClose(1006);
      await clock.advance(2000);
    }
    assert.ok(server.callsTo('GET', `/api/requests/${request.correlationId}`).length >= 2);
    const polled = client.request(request.correlationId);
    assert.equal(polled.status, 'RUNNING');
    assert.equal(polled.progress, 40);
    assert.equal(updates.at(-1).source, 'poll');

    // The socket is back: polling stops; replayed events not newer than the polled seq are ignored.
    await clock.advance(client.state.retryInMs);
    ws.last().welcome('node-c');
    assert.equal(client.state.polling, false);
    const polls = server.calls.length;
    await clock.advance(20000);
    assert.equal(server.calls.length, polls);
    ws.last().receive(update('1700000000000-1', request.correlationId, 2, 'RUNNING', { progress: 40 }));
    ws.last().receive(update('1700000000000-2', request.correlationId, 3, 'SUCCEEDED'));
    assert.deepEqual(
      client.request(request.correlationId).history.map((s) => [s.seq, s.route.via]),
      [
        [0, 'submit'],
        [2, 'poll'],
        [3, 'backplane'],
      ],
    );
  });

  it('stops polling a request once it is finished', async () => {
    const { client, clock, ws, server } = harness({ client: { pollIntervalMs: 1000 } });
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    const request = await client.submit('echo', {});
    ws.last().serverClose(1006);
    Object.assign(server.records.get(request.correlationId), { status: 'SUCCEEDED', seq: 2, result: {} });
    await clock.advance(1000);
    assert.equal(client.request(request.correlationId).status, 'SUCCEEDED');
    assert.equal(client.state.polling, false);
    const gets = server.callsTo('GET', '/api/requests/').length;
    await clock.advance(10000);
    assert.equal(server.callsTo('GET', '/api/requests/').length, gets);
  });

  it('marks a request the server no longer knows as lost and stops polling it', async () => {
    const { client, clock, ws, server } = harness({ client: { pollIntervalMs: 1000 } });
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    const request = await client.submit('echo', {});
    server.records.delete(request.correlationId);
    ws.last().serverClose(1006);
    await clock.advance(1000);
    assert.equal(client.request(request.correlationId).lost, true);
    assert.equal(client.state.polling, false);
  });
});
