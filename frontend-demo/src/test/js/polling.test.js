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

  it('long-polls: conditional on the seq it holds, waiting on the server, for at most maxLongPolls requests', async () => {
    const { client, clock, ws, server } = harness({ client: { pollIntervalMs: 1000, maxLongPolls: 2 } });
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    const requests = [];
    for (let i = 0; i < 3; i++) {
      requests.push(await client.submit('report', { steps: 5 }));
    }
    ws.last().serverClose(1006);
    await clock.advance(1000);

    const polls = server.callsTo('GET', '/api/requests/');
    assert.equal(polls.length, 3);
    assert.deepEqual(
      polls.map((c) => [c.headers['If-None-Match'], c.headers.Prefer ?? null]),
      [
        ['"0"', 'wait=20'],
        ['"0"', 'wait=20'],
        ['"0"', null],
      ],
    );
    // 304: nothing new, nothing applied.
    assert.equal(client.request(requests[0].correlationId).history.length, 1);
  });

  it('backs off after failed polls, and goes back to its pace once one round succeeds', async () => {
    const { client, clock, ws, server } = harness({
      client: { pollIntervalMs: 1000, random: () => 1, backoff: { initialMs: 4000, maxMs: 16000, factor: 2 } },
    });
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    await client.submit('report', { steps: 5 });
    const serve = server.routes.get[0];
    server.routes.get = [
      () => Promise.reject(new TypeError('fetch failed')),
      () => Promise.reject(new TypeError('fetch failed')),
      serve,
    ];
    ws.last().serverClose(1006);
    // Keep the socket down: every reconnect is refused at once.
    const refuse = () => ws.last()?.serverClose(1006);

    const pollsAt = [];
    for (let t = 0; t < 40000; t += 500) {
      refuse();
      const before = server.callsTo('GET', '/api/requests/').length;
      await clock.advance(500);
      if (server.callsTo('GET', '/api/requests/').length > before) {
        pollsAt.push(clock.now());
      }
    }
    const gaps = pollsAt.slice(1, 4).map((at, i) => at - pollsAt[i]);
    // 1 s pace, then the backoff after each failed round (4 s, 8 s), then the pace again.
    assert.deepEqual(gaps, [4000, 8000, 1000]);
  });
});
