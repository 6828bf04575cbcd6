import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { jwtExpiry } from '../../main/js/backchannel-client.js';
import { harness } from './fakes.js';

/** A JWT-shaped token (unsigned: only the server verifies) expiring at `exp` seconds. */
function jwt(sub, exp) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part({ sub, exp })}.signature`;
}

describe('tokens from getToken()', () => {
  it('reads the expiry of a JWT, and none of anything else', () => {
    assert.equal(jwtExpiry(jwt('u', 1800000000)), new Date(1800000000 * 1000).toISOString());
    assert.equal(jwtExpiry('v1.abc.123.sig'), null);
    assert.equal(jwtExpiry('nonsense'), null);
  });

  it('are used for the hello and requests, never POST /api/sessions, and the welcome names the client', async () => {
    const tokens = [];
    const { client, clock, ws, server } = harness({
      client: {
        getToken: async () => {
          tokens.push(jwt('alice', Math.floor(clock.now() / 1000) + 3600));
          return tokens.at(-1);
        },
      },
    });
    const early = await client.submit('echo', {});
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a', { clientId: 'user-client' });
    assert.deepEqual(ws.last().sent[0], { type: 'hello', token: tokens[0] });
    assert.equal(client.clientId, 'user-client');
    assert.equal(client.request(early.correlationId).clientId, 'user-client');
    assert.equal(server.callsTo('POST', '/api/requests')[0].token, tokens[0]);
    assert.equal(server.callsTo('POST', '/api/sessions').length, 0);
    assert.equal(tokens.length, 1);
  });

  it('are kept in memory only: storage keeps the client, and a reload asks for a fresh token', async () => {
    let n = 0;
    const getToken = async () => jwt('alice', 1800000000 + n++);
    const first = harness({ client: { getToken } });
    first.client.start();
    await first.clock.advance(0);
    first.ws.last().welcome('node-a', { clientId: 'user-client' });
    const stored = JSON.parse(first.storage.getItem('backchannel.session'));
    assert.equal(stored.clientId, 'user-client');
    assert.equal(stored.token, null);
    const second = harness({ storage: first.storage, client: { getToken } });
    second.client.start();
    await second.clock.advance(0);
    second.ws.last().open();
    assert.equal(second.ws.last().sent[0].token, jwt('alice', 1800000001));
    assert.equal(second.client.clientId, 'user-client');
  });

  it('renews on token_expired and hands the fresh token to the open socket', async () => {
    let n = 0;
    const { client, clock, ws } = harness({
      client: { getToken: async () => jwt(`alice`, Math.floor(clock.now() / 1000) + 60 + n++) },
    });
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a', { clientId: 'user-client' });
    ws.last().receive({ type: 'error', code: 'token_expired', message: 'the token has expired' });
    await clock.advance(0);
    const auth = ws.last().sent.find((f) => f.type === 'auth');
    assert.ok(auth, 'an auth frame was sent');
    assert.notEqual(auth.token, ws.last().sent[0].token);
    assert.equal(client.state.state, 'open');
  });
});

describe('published events', () => {
  it('are emitted once, and move the resume cursor like updates', async () => {
    const { client, clock, ws } = harness();
    const events = [];
    client.on('event', (e) => events.push(e));
    client.start();
    await clock.advance(0);
    ws.last().welcome('node-a');
    const frame = {
      type: 'event',
      eventId: '1700000000000-0',
      id: '00000000-0000-4000-8000-00000000abcd',
      event: { type: 'order.shipped', data: { order: 42 } },
    };
    ws.last().receive(frame);
    ws.last().receive(frame);
    assert.deepEqual(events, [
      { id: frame.id, type: 'order.shipped', data: { order: 42 }, eventId: '1700000000000-0' },
    ]);
    assert.equal(client.lastEventId, '1700000000000-0');
  });
});
