import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { harness, update } from './fakes.js';

describe('resume', () => {
  it('says hello with the token and no lastEventId on the first connect', async () => {
    const { client, clock, ws } = harness();
    client.start();
    await clock.advance(0);
    ws.last().open();
    assert.deepEqual(ws.last().sent, [{ type: 'hello', token: 'token-1' }]);
  });

  it('resumes after a drop with the last event id seen', async () => {
    const { client, clock, ws } = harness();
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    ws.last().receive(update('1700000000000-9', 'r1', 1));
    ws.last().receive(update('1700000000000-10', 'r1', 2));
    ws.last().serverClose(1006);
    await clock.advance(client.state.retryInMs);
    ws.last().open();
    assert.deepEqual(ws.last().sent[0], { type: 'hello', token: 'token-1', lastEventId: '1700000000000-10' });
  });

  it('keeps identity, lastEventId and requests across a reload', async () => {
    const first = harness();
    first.client.start();
    await first.clock.advance(0);
    first.ws.last().welcome('node-a');
    const request = await first.client.submit('report', { steps: 3 });
    first.ws.last().receive(update('1700000000123-0', request.correlationId, 1));

    // The page reloads: a new client on the same storage.
    const second = harness({ storage: first.storage });
    second.client.start();
    await second.clock.advance(0);
    second.ws.last().open();
    assert.deepEqual(second.ws.last().sent[0], {
      type: 'hello',
      token: 'token-1',
      lastEventId: '1700000000123-0',
    });
    assert.equal(second.server.callsTo('POST', '/api/sessions').length, 0);
    const kept = second.client.request(request.correlationId);
    assert.equal(kept.status, 'RUNNING');
    assert.equal(kept.seq, 1);
  });

  it('polls unfinished requests once when the welcome says the inbox was truncated', async () => {
    const { client, clock, ws, server } = harness();
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    const request = await client.submit('report', {});
    ws.last().serverClose(1006);
    await clock.advance(client.state.retryInMs);
    assert.equal(server.callsTo('GET', '/api/requests/').length, 0);
    server.records.get(request.correlationId).status = 'SUCCEEDED';
    server.records.get(request.correlationId).seq = 6;
    ws.last().welcome('node-b', { truncated: true });
    await clock.advance(0);
    assert.equal(server.callsTo('GET', '/api/requests/').length, 1);
    assert.equal(client.request(request.correlationId).status, 'SUCCEEDED');
  });
});
