import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CloseCode } from '../../main/js/backchannel-client.js';
import { harness, update } from './fakes.js';

describe('session', () => {
  it('is created once and kept in storage', async () => {
    const first = harness();
    await first.client.submit('echo', {});
    await first.client.submit('echo', {});
    const second = harness({ storage: first.storage });
    await second.client.submit('echo', {});
    assert.equal(first.server.callsTo('POST', '/api/sessions').length, 1);
    assert.equal(second.server.callsTo('POST', '/api/sessions').length, 0);
    assert.equal(JSON.parse(first.storage.getItem('backchannel.session')).clientId, 'client-1');
    assert.equal(second.server.callsTo('POST', '/api/requests')[0].token, 'token-1');
  });

  it('renews the token for the same identity after a 1008 (bad_token), with the old token as Bearer', async () => {
    const { client, clock, ws, server } = harness();
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    ws.last().receive(update('1700000000000-0', 'r1', 1));
    ws.last().receive({ type: 'error', code: 'bad_token', message: 'the token has expired' });
    ws.last().serverClose(CloseCode.POLICY_VIOLATION, 'bad_token');
    await clock.advance(client.state.retryInMs);
    const renewals = server.callsTo('POST', '/api/sessions').filter((c) => c.token);
    assert.deepEqual(
      renewals.map((c) => c.token),
      ['token-1'],
    );
    ws.last().open();
    assert.deepEqual(ws.last().sent[0], { type: 'hello', token: 'token-1+', lastEventId: '1700000000000-0' });
    assert.equal(client.clientId, 'client-1');
  });

  it('starts over with a new identity only when the renewal is refused, and marks old requests lost', async () => {
    const { client, clock, ws, server } = harness();
    const sessions = [];
    client.on('session', (s) => sessions.push(s));
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    const request = await client.submit('report', {});
    ws.last().receive(update('1700000000000-0', request.correlationId, 1));
    server.routes.renewSession = [() => server.jsonResponse(401, { type: 'urn:backchannel:problem:unauthorized' })];
    ws.last().receive({ type: 'error', code: 'bad_token', message: 'the token does not verify' });
    ws.last().serverClose(CloseCode.POLICY_VIOLATION, 'bad_token');
    await clock.advance(client.state.retryInMs);
    assert.equal(client.clientId, 'client-2');
    assert.deepEqual(sessions, [{ clientId: 'client-2', previousClientId: 'client-1' }]);
    assert.equal(client.request(request.correlationId).lost, true);
    ws.last().open();
    assert.deepEqual(ws.last().sent[0], { type: 'hello', token: 'token-2' });
  });

  it('renews before the token expires, keeping the identity', async () => {
    const { client, clock, server } = harness();
    await client.submit('echo', {});
    await clock.advance(13 * 3600_000);
    await client.submit('echo', {});
    const renewals = server.callsTo('POST', '/api/sessions').filter((c) => c.token);
    assert.equal(renewals.length, 1);
    assert.equal(server.callsTo('POST', '/api/requests').at(-1).token, 'token-1+');
    assert.equal(client.clientId, 'client-1');
  });

  it('asks for a fresh session on a 401 to a submit, and sends the same request again', async () => {
    const { client, server } = harness();
    const serve = server.routes.submit[0];
    server.routes.submit = [() => server.jsonResponse(401, { type: 'urn:backchannel:problem:unauthorized' }), serve];
    await client.submit('echo', {});
    const request = await client.submit('echo', {});
    assert.equal(request.status, 'QUEUED');
    const posts = server.callsTo('POST', '/api/requests');
    assert.equal(posts.length, 3);
    assert.equal(posts[0].body.correlationId, posts[1].body.correlationId);
  });

  it('clears a lastEventId the server refused (bad_hello) and keeps the identity', async () => {
    const { client, clock, ws, server } = harness();
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    ws.last().receive(update('1700000000000-0', 'r1', 1));
    ws.last().receive({ type: 'error', code: 'bad_hello', message: 'lastEventId must look like 1700000000000-0' });
    ws.last().serverClose(CloseCode.POLICY_VIOLATION, 'bad_hello');
    await clock.advance(client.state.retryInMs);
    ws.last().open();
    assert.deepEqual(ws.last().sent[0], { type: 'hello', token: 'token-1' });
    assert.equal(server.callsTo('POST', '/api/sessions').length, 1);
  });
});
