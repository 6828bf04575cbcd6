import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { harness, update } from './fakes.js';

describe('deadlines and cancel', () => {
  it('sends a timeout over HTTP and keeps the deadline the server answers', async () => {
    const { client, clock, server } = harness();
    const request = await client.submit('report', { steps: 3 }, { timeoutMillis: 1500 });
    assert.equal(server.callsTo('POST', '/api/requests')[0].body.timeoutMillis, 1500);
    assert.equal(request.timeoutMillis, 1500);
    assert.equal(request.deadline, new Date(clock.now() + 1500).toISOString());
  });

  it('sends no timeout when none is given, so that the job type default applies', async () => {
    const { client, server } = harness();
    await client.submit('echo', {});
    assert.equal('timeoutMillis' in server.callsTo('POST', '/api/requests')[0].body, false);
  });

  it('cancels an accepted request: CANCELLED from the answer, and a terminal state', async () => {
    const { client, server, updates } = harness();
    const request = await client.submit('report', { steps: 50 });

    const cancelled = await client.cancel(request.correlationId);

    assert.equal(server.callsTo('DELETE', `/api/requests/${request.correlationId}`).length, 1);
    assert.equal(cancelled.status, 'CANCELLED');
    assert.equal(cancelled.seq, 1);
    assert.equal(updates.at(-1).source, 'cancel');
    // Ended: no second call, and clearFinished forgets it.
    await client.cancel(request.correlationId);
    assert.equal(server.callsTo('DELETE', '/api/requests/').length, 1);
    client.clearFinished();
    assert.equal(client.request(request.correlationId), undefined);
  });

  it('keeps the outcome the server had already: a request that ended first stays as it ended', async () => {
    const { client, server } = harness();
    const request = await client.submit('echo', {});
    Object.assign(server.records.get(request.correlationId), { status: 'SUCCEEDED', seq: 1, result: { ok: 1 } });

    const after = await client.cancel(request.correlationId);

    assert.equal(after.status, 'SUCCEEDED');
    assert.deepEqual(after.result, { ok: 1 });
  });

  it('takes the CANCELLED update from the socket as terminal, and a later one changes nothing', async () => {
    const { client, clock, ws } = harness();
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    const request = await client.submit('report', { steps: 5 });

    ws.last().receive(update('1700000000000-1', request.correlationId, 1, 'CANCELLED'));
    ws.last().receive(update('1700000000000-2', request.correlationId, 2, 'RUNNING', { progress: 40 }));

    const after = client.request(request.correlationId);
    assert.equal(after.status, 'CANCELLED');
    assert.equal(after.seq, 1);
  });

  it('cancels a request never sent without asking the server', async () => {
    const { client, server } = harness({ client: { submitAttempts: 1 } });
    server.routes.submit = [() => Promise.reject(new TypeError('fetch failed'))];
    const request = await client.submit('echo', {});
    assert.equal(request.status, 'UNSENT');

    const cancelled = await client.cancel(request.correlationId);

    assert.equal(cancelled.status, 'CANCELLED');
    assert.equal(server.callsTo('DELETE', '/api/requests/').length, 0);
  });

  it('marks a request the server does not know as lost', async () => {
    const { client, server } = harness();
    const request = await client.submit('echo', {});
    server.records.delete(request.correlationId);

    const after = await client.cancel(request.correlationId);

    assert.equal(after.lost, true);
  });
});
