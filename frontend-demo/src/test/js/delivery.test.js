import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { compareEventIds, eventIdTime } from '../../main/js/backchannel-client.js';
import { harness, update } from './fakes.js';

async function openClient() {
  const h = harness();
  h.client.start();
  await h.clock.advance(0);
  h.ws.last().welcome('node-a');
  return h;
}

describe('event ids', () => {
  it('compare numerically, part by part, not as strings', () => {
    assert.ok(compareEventIds('1700000000000-10', '1700000000000-9') > 0);
    assert.ok(compareEventIds('999-0', '1000-0') < 0);
    assert.ok(compareEventIds('1700000000001-0', '1700000000000-99') > 0);
    assert.equal(compareEventIds('5-5', '5-5'), 0);
    assert.ok(compareEventIds('18446744073709551615-0', '18446744073709551614-1') > 0);
    assert.throws(() => compareEventIds('abc', '1-0'), TypeError);
    assert.equal(eventIdTime('1700000000123-4'), 1700000000123);
  });
});

describe('dedupe', () => {
  it('drops an event whose id was already seen', async () => {
    const { client, ws, updates } = await openClient();
    ws.last().receive(update('1700000000000-9', 'r1', 1));
    ws.last().receive(update('1700000000000-10', 'r1', 2));
    ws.last().receive(update('1700000000000-9', 'r1', 1));
    ws.last().receive(update('1700000000000-10', 'r1', 2));
    assert.deepEqual(
      updates.map((u) => u.seq),
      [1, 2],
    );
    assert.equal(client.state.duplicatesDropped, 2);
    assert.equal(client.lastEventId, '1700000000000-10');
  });

  it('drops a replayed event after a reconnect, and takes the new ones', async () => {
    const { client, clock, ws, updates } = await openClient();
    ws.last().receive(update('1700000000000-0', 'r1', 1));
    ws.last().serverClose(1006);
    await clock.advance(client.state.retryInMs);
    ws.last().welcome('node-b');
    ws.last().receive(update('1700000000000-0', 'r1', 1, 'RUNNING', { route: { via: 'replay' } }));
    ws.last().receive(update('1700000000001-0', 'r1', 2, 'SUCCEEDED', { route: { via: 'replay' } }));
    assert.deepEqual(
      updates.map((u) => [u.seq, u.status]),
      [
        [1, 'RUNNING'],
        [2, 'SUCCEEDED'],
      ],
    );
    assert.equal(client.request('r1').history.length, 2);
  });
});

describe('ordering', () => {
  it('ignores an update whose seq is not above the one held', async () => {
    const { client, ws, updates } = await openClient();
    ws.last().receive(update('1700000000000-1', 'r1', 3, 'SUCCEEDED', { result: { ok: true } }));
    ws.last().receive(update('1700000000000-2', 'r1', 2, 'RUNNING'));
    ws.last().receive(update('1700000000000-3', 'r1', 3, 'RUNNING'));
    const request = client.request('r1');
    assert.equal(request.status, 'SUCCEEDED');
    assert.deepEqual(request.result, { ok: true });
    assert.equal(request.progress, 100);
    assert.equal(updates.length, 1);
    assert.equal(client.state.staleDropped, 2);
  });

  it('keeps per-request order while requests interleave', async () => {
    const { client, ws } = await openClient();
    const seen = { r1: [], r2: [] };
    client.onRequest('r1', (r) => seen.r1.push(r.seq));
    client.onRequest('r2', (r) => seen.r2.push(r.seq));
    let n = 0;
    for (const [id, seq] of [
      ['r1', 1],
      ['r2', 1],
      ['r2', 2],
      ['r1', 3],
      ['r1', 2],
      ['r2', 3],
    ]) {
      ws.last().receive(update(`1700000000000-${n++}`, id, seq));
    }
    assert.deepEqual(seen, { r1: [1, 3], r2: [1, 2, 3] });
  });

  it('records the route of every update applied, and the time to the terminal state', async () => {
    const { client, ws } = await openClient();
    const request = await client.submit('report', { steps: 1 });
    ws.last().receive(update('1700000000500-0', request.correlationId, 1));
    ws.last().receive(
      update('1700000002500-0', request.correlationId, 2, 'SUCCEEDED', {
        route: { acceptedBy: 'node-b', receivedBy: 'node-a', deliveredBy: 'node-a', via: 'local' },
      }),
    );
    const done = client.request(request.correlationId);
    assert.deepEqual(
      done.history.map((s) => [s.seq, s.route.via]),
      [
        [0, 'submit'],
        [1, 'backplane'],
        [2, 'local'],
      ],
    );
    assert.equal(done.finishedAt, 1700000002500);
    assert.equal(done.finishedAt - Date.parse(done.createdAt), 2500);
  });

  it('shows an update of a request it does not know (another tab of the same identity)', async () => {
    const { client, ws } = await openClient();
    ws.last().receive(update('1700000000000-0', 'other-tab', 1));
    assert.equal(client.request('other-tab').status, 'RUNNING');
  });
});
