// Fakes for the client's unit tests: a manual clock, a scripted server behind fetch, and a
// WebSocket the test drives by hand. No network, no real timers.

import { BackchannelClient, memoryStorage } from '../../main/js/backchannel-client.js';

/** Lets every pending promise chain run. */
export function settle() {
  return new Promise((resolve) => setImmediate(resolve));
}

/** setTimeout/clearTimeout/now on a clock that moves only when told to. */
export function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  let nextId = 0;
  const timers = new Map();
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++nextId;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout: (id) => void timers.delete(id),
    /** Delays (from now) of the timers still pending, shortest first. */
    pending: () => [...timers.values()].map((t) => t.at - now).sort((a, b) => a - b),
    /** Moves time forward, running each timer that comes due, in order. */
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) {
          break;
        }
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await settle();
      }
      now = target;
      await settle();
    },
  };
}

/** A WebSocket class whose instances the test opens, feeds and closes. */
export function fakeWebSocketClass() {
  const sockets = [];
  class FakeSocket {
    constructor(url) {
      this.url = url;
      this.sent = [];
      this.closedWith = null;
      sockets.push(this);
    }

    send(text) {
      this.sent.push(JSON.parse(text));
    }

    close(code, reason) {
      this.closedWith = { code, reason };
    }

    open() {
      this.onopen?.({});
    }

    receive(frame) {
      this.onmessage?.({ data: JSON.stringify(frame) });
    }

    serverClose(code, reason = '') {
      this.onclose?.({ code, reason });
    }

    /** Opens, checks the hello, and welcomes. */
    welcome(nodeId = 'node-a', extra = {}) {
      this.open();
      this.receive({ type: 'welcome', clientId: 'client-1', nodeId, sessionId: `s-${sockets.length}`, ...extra });
    }
  }
  return { FakeSocket, sockets, last: () => sockets[sockets.length - 1] };
}

function jsonResponse(status, body, headers = {}) {
  const empty = body === undefined || status === 204 || status === 304;
  return new Response(empty ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/**
 * A fetch in front of a scripted Backchannel API. Each route is a function of the call, or a
 * queue of them (the last one repeats); every call is recorded.
 */
export function fakeServer(clock) {
  const calls = [];
  let sessions = 0;
  const records = new Map();
  const routes = {
    createSession: [() => jsonResponse(201, grant(`client-${++sessions}`, `token-${sessions}`))],
    renewSession: [(call) => jsonResponse(201, grant(clientOf(call.token), `${call.token}+`))],
    submit: [
      (call) => {
        const view = {
          correlationId: call.body.correlationId,
          type: call.body.type,
          status: 'QUEUED',
          seq: 0,
          acceptedBy: 'node-b',
          createdAt: new Date(clock.now()).toISOString(),
          updatedAt: new Date(clock.now()).toISOString(),
          deadline: new Date(clock.now() + (call.body.timeoutMillis ?? 300_000)).toISOString(),
        };
        records.set(view.correlationId, view);
        return jsonResponse(202, view);
      },
    ],
    get: [
      (call) => {
        const view = records.get(call.id);
        if (!view) {
          return jsonResponse(404, {});
        }
        // As the server: 304 when the client holds the record's seq.
        return call.headers['If-None-Match'] === `"${view.seq}"` ? jsonResponse(304, null) : jsonResponse(200, view);
      },
    ],
    cancel: [
      (call) => {
        const view = records.get(call.id);
        if (!view) {
          return jsonResponse(404, { type: 'urn:backchannel:problem:not-found' });
        }
        if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(view.status)) {
          return jsonResponse(200, view);
        }
        Object.assign(view, { status: 'CANCELLED', seq: view.seq + 1 });
        return jsonResponse(202, view);
      },
    ],
  };
  function grant(clientId, token) {
    return { clientId, token, expiresAt: new Date(clock.now() + 24 * 3600_000).toISOString() };
  }
  function clientOf(token) {
    return `client-${token.replace(/^token-(\d+).*$/, '$1')}`;
  }
  function next(name, call) {
    const queue = routes[name];
    const handler = queue.length > 1 ? queue.shift() : queue[0];
    return handler(call);
  }
  async function fetch(url, init = {}) {
    const auth = init.headers?.Authorization ?? null;
    const call = {
      method: init.method ?? 'GET',
      url,
      token: auth ? auth.replace(/^Bearer /, '') : null,
      body: init.body ? JSON.parse(init.body) : null,
      headers: init.headers ?? {},
    };
    calls.push(call);
    if (call.method === 'POST' && url.endsWith('/api/sessions')) {
      return next(call.token ? 'renewSession' : 'createSession', call);
    }
    if (call.method === 'POST' && url.endsWith('/api/requests')) {
      return next('submit', call);
    }
    const match = /\/api\/requests\/([^/]+)$/.exec(url);
    if (call.method === 'GET' && match) {
      call.id = decodeURIComponent(match[1]);
      return next('get', call);
    }
    if (call.method === 'DELETE' && match) {
      call.id = decodeURIComponent(match[1]);
      return next('cancel', call);
    }
    return jsonResponse(404, {});
  }
  return {
    fetch,
    calls,
    records,
    routes,
    jsonResponse,
    callsTo: (method, suffix) => calls.filter((c) => c.method === method && c.url.includes(suffix)),
  };
}

/** A client wired to fakes; `options` override the defaults. */
export function harness(options = {}) {
  const clock = options.clock ?? fakeClock();
  const server = options.server ?? fakeServer(clock);
  const ws = options.ws ?? fakeWebSocketClass();
  const storage = options.storage ?? memoryStorage();
  let ids = 0;
  const client = new BackchannelClient({
    baseUrl: 'http://demo',
    wsUrl: 'ws://demo/ws',
    storage,
    fetch: server.fetch,
    WebSocket: ws.FakeSocket,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    now: clock.now,
    random: () => 0.5,
    uuid: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
    ...options.client,
  });
  const updates = [];
  const states = [];
  client.on('update', (request, info) => updates.push({ ...request, source: info.source }));
  client.on('state', (state) => states.push(state));
  return { client, clock, server, ws, storage, updates, states };
}

/** An update frame as a web node sends it. */
export function update(eventId, correlationId, seq, status = 'RUNNING', extra = {}) {
  return {
    type: 'update',
    eventId,
    correlationId,
    status,
    progress: status === 'RUNNING' ? seq * 10 : undefined,
    stage: `step ${seq}`,
    seq,
    route: { acceptedBy: 'node-b', receivedBy: 'node-c', deliveredBy: 'node-a', via: 'backplane' },
    ...extra,
  };
}
