import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { harness, update } from './fakes.js';

/** A client whose socket is welcomed by a node that takes `slots` submits at once. */
async function openClient(slots = 4, options = {}) {
  const h = harness(options);
  h.client.start();
  await h.clock.advance(0);
  h.ws.last().welcome('node-a', slots == null ? {} : { maxSubmitsInFlight: slots });
  return h;
}

/** The submit frames a socket was sent. */
function submits(socket) {
  return socket.sent.filter((frame) => frame.type === 'submit');
}

/** The record a node answers a new request with. */
function view(correlationId, type = 'echo', clock = { now: () => 1_700_000_000_000 }) {
  const at = new Date(clock.now()).toISOString();
  return { correlationId, type, status: 'QUEUED', seq: 0, acceptedBy: 'node-a', createdAt: at, updatedAt: at };
}

function accepted(correlationId, status = 202, type = 'echo') {
  return { type: 'accepted', correlationId, status, request: view(correlationId, type) };
}

function refused(correlationId, slug, status, extra = {}) {
  return {
    type: 'error',
    code: slug.replace(/-/g, '_'),
    message: `refused: ${slug}`,
    correlationId,
    problem: `urn:backchannel:problem:${slug}`,
    status,
    ...extra,
  };
}

describe('submit over the socket', () => {
  it('sends a welcomed socket the submit, not a POST, and takes the accepted answer', async () => {
    const { client, clock, server, ws } = await openClient();
    const done = client.submit('report', { steps: 2 });
    await clock.advance(0);

    const [frame] = submits(ws.last());
    assert.deepEqual(Object.keys(frame).sort(), ['correlationId', 'jobType', 'payload', 'type']);
    assert.equal(frame.jobType, 'report');
    assert.deepEqual(frame.payload, { steps: 2 });
    assert.equal(server.callsTo('POST', '/api/requests').length, 0);

    ws.last().receive(accepted(frame.correlationId, 202, 'report'));
    const request = await done;
    assert.equal(request.correlationId, frame.correlationId);
    assert.equal(request.status, 'QUEUED');
    assert.equal(request.acceptedBy, 'node-a');
    assert.equal(request.sentOver, 'socket');
    assert.equal(request.history.at(-1).route.via, 'submit');
  });

  it('uses HTTP while no socket is welcomed, and with a node whose welcome announces no submits', async () => {
    const { client, clock, server, ws } = harness();
    client.start();
    await clock.advance(0);
    const early = await client.submit('echo', {});
    assert.equal(early.sentOver, 'http');

    ws.last().welcome('node-old');
    const late = await client.submit('echo', {});
    assert.equal(late.status, 'QUEUED');
    assert.equal(late.sentOver, 'http');
    assert.equal(submits(ws.last()).length, 0);
    assert.equal(server.callsTo('POST', '/api/requests').length, 2);
  });

  it('keeps to the number of submits the welcome allows, sending the rest over HTTP', async () => {
    const { client, clock, server, ws } = await openClient(1);
    const first = client.submit('echo', { n: 1 });
    const second = client.submit('echo', { n: 2 });
    await clock.advance(0);
    assert.equal(submits(ws.last()).length, 1);
    assert.equal(server.callsTo('POST', '/api/requests').length, 1);
    assert.equal((await second).sentOver, 'http');

    ws.last().receive(accepted(submits(ws.last())[0].correlationId));
    assert.equal((await first).sentOver, 'socket');
    client.submit('echo', { n: 3 });
    await clock.advance(0);
    assert.equal(submits(ws.last()).length, 2, 'the slot is free again once answered');
  });

  it('sends a submit the socket dropped before answering again at once, over HTTP, with the same id', async () => {
    const { client, clock, server, ws } = await openClient();
    const done = client.submit('echo', {});
    await clock.advance(0);
    const [frame] = submits(ws.last());

    ws.last().serverClose(1006);
    const request = await done;

    const posts = server.callsTo('POST', '/api/requests');
    assert.equal(posts.length, 1);
    assert.equal(posts[0].body.correlationId, frame.correlationId);
    assert.equal(request.status, 'QUEUED');
    assert.equal(request.sentOver, 'http');
  });

  it('sends it over the next socket when HTTP fails meanwhile', async () => {
    const { client, clock, server, ws } = await openClient();
    server.routes.submit = [() => Promise.reject(new TypeError('fetch failed'))];
    const done = client.submit('echo', {});
    await clock.advance(0);
    const [frame] = submits(ws.last());
    ws.last().serverClose(1012);
    await clock.advance(0);
    assert.equal(server.callsTo('POST', '/api/requests').length, 1);

    // 1012: the client reconnects at once; the POST's retry waits its backoff.
    ws.last().welcome('node-b', { maxSubmitsInFlight: 4 });
    await clock.advance(1000);
    const [again] = submits(ws.last());
    assert.equal(again.correlationId, frame.correlationId);
    ws.last().receive(accepted(again.correlationId, 200));
    const request = await done;
    assert.equal(request.status, 'QUEUED');
    assert.equal(request.sentOver, 'socket');
  });

  it('waits retryAfter after rate_limited or unavailable, then sends the same submit again', async () => {
    const { client, clock, ws } = await openClient();
    const errors = [];
    client.on('error', (error) => errors.push(error));
    const done = client.submit('echo', {});
    await clock.advance(0);
    const [frame] = submits(ws.last());

    ws.last().receive(refused(frame.correlationId, 'rate-limited', 429, { retryAfter: 3 }));
    await clock.advance(2999);
    assert.equal(submits(ws.last()).length, 1);
    await clock.advance(1);
    assert.equal(submits(ws.last()).length, 2);
    ws.last().receive(refused(frame.correlationId, 'unavailable', 503, { retryAfter: 2 }));
    await clock.advance(2000);
    const third = submits(ws.last())[2];
    assert.equal(third.correlationId, frame.correlationId);
    ws.last().receive(accepted(frame.correlationId));

    assert.equal((await done).status, 'QUEUED');
    assert.deepEqual(
      errors.map((e) => [e.source, e.code]),
      [
        ['submit', 'rate-limited'],
        ['submit', 'unavailable'],
      ],
    );
  });

  it('takes a refusal as final, with the problem type as error code, as over HTTP', async () => {
    const { client, clock, ws } = await openClient();
    const errors = [];
    client.on('error', (error) => errors.push(error));
    const done = client.submit('echo', { n: 2 });
    await clock.advance(0);
    const [frame] = submits(ws.last());

    ws.last().receive(refused(frame.correlationId, 'conflict', 409));
    const request = await done;
    assert.equal(request.status, 'REJECTED');
    assert.deepEqual(request.error, { code: 'conflict', message: 'refused: conflict' });
    assert.deepEqual(
      errors.map((e) => [e.source, e.code]),
      [['submit', 'conflict']],
    );
    assert.equal(submits(ws.last()).length, 1);
  });

  it('matches answers by id, in any order, and is not moved back by an answer after an update', async () => {
    const { client, clock, ws } = await openClient();
    const first = client.submit('echo', { n: 1 });
    const second = client.submit('echo', { n: 2 });
    await clock.advance(0);
    const [a, b] = submits(ws.last());
    ws.last().receive(update('1700000000000-0', a.correlationId, 1, 'SUCCEEDED'));

    ws.last().receive(accepted(b.correlationId));
    ws.last().receive(accepted(a.correlationId));

    assert.equal((await second).status, 'QUEUED');
    const done = await first;
    assert.equal(done.status, 'SUCCEEDED');
    assert.equal(done.seq, 1);
  });

  it('reports an error frame that answers no submit as a socket error, as before', async () => {
    const { client, ws } = await openClient();
    const errors = [];
    client.on('error', (error) => errors.push(error));
    ws.last().receive({ type: 'error', code: 'unknown_frame', message: 'unknown frame type' });
    ws.last().receive(refused('00000000-0000-4000-8000-999999999999', 'conflict', 409));
    assert.deepEqual(
      errors.map((e) => [e.source, e.code]),
      [
        ['socket', 'unknown_frame'],
        ['socket', 'conflict'],
      ],
    );
  });
});
