import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { harness } from './fakes.js';

describe('submit', () => {
  it('stores the request before it is sent', async () => {
    const { client, server, storage } = harness();
    const stored = [];
    const serve = server.routes.submit[0];
    server.routes.submit[0] = (call) => {
      stored.push(JSON.parse(storage.getItem('backchannel.requests')));
      return serve(call);
    };
    const request = await client.submit('report', { steps: 2, stepMillis: 10 });
    assert.equal(stored.length, 1);
    assert.deepEqual(
      stored[0].map((r) => [r.correlationId, r.status, r.type, r.payload]),
      [[request.correlationId, 'SENDING', 'report', { steps: 2, stepMillis: 10 }]],
    );
    assert.equal(request.status, 'QUEUED');
    assert.equal(request.acceptedBy, 'node-b');
  });

  it('uses a fresh UUID from crypto.randomUUID by default', async () => {
    const { client, server } = harness({ client: { uuid: undefined } });
    const request = await client.submit('echo', {});
    assert.match(request.correlationId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(server.callsTo('POST', '/api/requests')[0].body.correlationId, request.correlationId);
  });

  it('retries with the same correlation id after network errors', async () => {
    const { client, clock, server } = harness();
    const serve = server.routes.submit[0];
    server.routes.submit = [
      () => Promise.reject(new TypeError('fetch failed')),
      () => Promise.reject(new TypeError('fetch failed')),
      serve,
    ];
    const done = client.submit('echo', { message: 'hi' });
    await clock.advance(60000);
    const request = await done;
    const posts = server.callsTo('POST', '/api/requests');
    assert.equal(posts.length, 3);
    assert.deepEqual(new Set(posts.map((p) => p.body.correlationId)), new Set([request.correlationId]));
    assert.equal(request.status, 'QUEUED');
  });

  it('waits as long as Retry-After says after a 503, then sends the same request again', async () => {
    const { client, clock, server } = harness();
    const serve = server.routes.submit[0];
    server.routes.submit = [
      () => server.jsonResponse(503, { type: 'urn:backchannel:problem:unavailable' }, { 'Retry-After': '3' }),
      serve,
    ];
    const done = client.submit('echo', {});
    await clock.advance(2999);
    assert.equal(server.callsTo('POST', '/api/requests').length, 1);
    await clock.advance(1);
    assert.equal(server.callsTo('POST', '/api/requests').length, 2);
    assert.equal((await done).status, 'QUEUED');
  });

  it('also takes Retry-After as an HTTP date', async () => {
    const { client, clock, server } = harness();
    const serve = server.routes.submit[0];
    const at = new Date(clock.now() + 4000).toUTCString();
    server.routes.submit = [() => server.jsonResponse(503, {}, { 'Retry-After': at }), serve];
    const done = client.submit('echo', {});
    await clock.advance(3900);
    assert.equal(server.callsTo('POST', '/api/requests').length, 1);
    await clock.advance(100);
    assert.equal(server.callsTo('POST', '/api/requests').length, 2);
    assert.equal((await done).status, 'QUEUED');
  });

  it('bounds both the wait and the tries: UNSENT after submitAttempts, retry() sends it again', async () => {
    const { client, clock, server } = harness({ client: { submitAttempts: 3, maxRetryAfterMs: 5000 } });
    const serve = server.routes.submit[0];
    server.routes.submit = [() => server.jsonResponse(503, {}, { 'Retry-After': '3600' })];
    const done = client.submit('echo', {});
    await clock.advance(5000);
    assert.equal(server.callsTo('POST', '/api/requests').length, 2);
    await clock.advance(5000);
    const request = await done;
    assert.equal(request.status, 'UNSENT');
    assert.equal(server.callsTo('POST', '/api/requests').length, 3);

    server.routes.submit = [serve];
    const again = await client.retry(request.correlationId);
    assert.equal(again.status, 'QUEUED');
    assert.equal(server.callsTo('POST', '/api/requests').at(-1).body.correlationId, request.correlationId);
  });

  it('takes a refusal (4xx) as final, with the problem type as error code', async () => {
    const { client, server } = harness();
    server.routes.submit = [
      () =>
        server.jsonResponse(422, {
          type: 'urn:backchannel:problem:unknown-type',
          detail: 'No worker handles this job type.',
        }),
    ];
    const request = await client.submit('nope', {});
    assert.equal(request.status, 'REJECTED');
    assert.deepEqual(request.error, { code: 'unknown-type', message: 'No worker handles this job type.' });
    assert.equal(server.callsTo('POST', '/api/requests').length, 1);
  });

  it('sends again, with the same id, a request a reload interrupted before it was accepted', async () => {
    const first = harness();
    first.server.routes.submit = [() => new Promise(() => {})];
    first.client.submit('report', { steps: 3 });
    await first.clock.advance(0);
    const [stored] = first.client.requests();
    assert.equal(stored.status, 'SENDING');

    const second = harness({ storage: first.storage });
    second.client.start();
    await second.clock.advance(0);
    const posts = second.server.callsTo('POST', '/api/requests');
    assert.equal(posts.length, 1);
    assert.equal(posts[0].body.correlationId, stored.correlationId);
    assert.equal(second.client.request(stored.correlationId).status, 'QUEUED');
  });

  it('does not move a request back when the answer to the POST comes after a live update', async () => {
    const { client, clock, ws, server } = harness();
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    let answer;
    const serve = server.routes.submit[0];
    server.routes.submit = [(call) => new Promise((resolve) => (answer = () => resolve(serve(call))))];
    const done = client.submit('report', {});
    await clock.advance(0);
    const [sending] = client.requests();
    ws.last().receive({
      type: 'update',
      eventId: '1700000000000-0',
      correlationId: sending.correlationId,
      status: 'RUNNING',
      progress: 20,
      seq: 1,
      route: { acceptedBy: 'node-b', receivedBy: 'node-a', deliveredBy: 'node-a', via: 'local' },
    });
    answer();
    const request = await done;
    assert.equal(request.status, 'RUNNING');
    assert.equal(request.seq, 1);
    assert.ok(request.createdAt);
  });
});
