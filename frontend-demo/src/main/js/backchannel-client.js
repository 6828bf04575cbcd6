// @ts-check
// Backchannel JS client: protocol v1 over fetch and WebSocket. No dependencies.
//
// Guarantees it gives the application:
// - a request is stored (localStorage by default) before it is sent, and is sent again with the
//   same correlation id after a network error, a 503/429 (after Retry-After) or a page reload;
// - it is sent over the socket when one is open and its node takes submits, else over HTTP; a
//   socket that closes before the answer sends it again (the next socket, or HTTP);
// - each update is reported once: events already seen (by eventId) are dropped, and an update
//   whose seq is not above the one held for its request never moves the request backwards;
// - the socket resumes from the last event seen, on whichever node answers, and while it is down
//   unfinished requests are polled over HTTP.

/**
 * @typedef {'SENDING'|'UNSENT'|'REJECTED'|'QUEUED'|'RUNNING'|'SUCCEEDED'|'FAILED'|'CANCELLED'} RequestStatus
 *   SENDING: stored, not yet accepted; UNSENT: gave up sending (see retry()); REJECTED: the
 *   server refused it (4xx); the others are the server's.
 *
 * @typedef {'local'|'backplane'|'replay'|'poll'|'submit'|'cancel'} Via
 *   local/backplane/replay come from the server's route; poll and submit mark state learnt over
 *   HTTP (a GET, or the answer to the POST).
 *
 * @typedef {object} Route
 * @property {string|null} acceptedBy the node that took the request over HTTP
 * @property {string|null} receivedBy the node that consumed the worker's reply
 * @property {string|null} deliveredBy the node that wrote it to this client's socket
 * @property {Via} via
 *
 * @typedef {object} Step one update of a request, as it arrived
 * @property {number} seq the record's update count after it
 * @property {string|null} eventId the inbox event id (socket updates only)
 * @property {RequestStatus} status
 * @property {number|null} progress
 * @property {string|null} stage
 * @property {Route} route
 * @property {string|null} traceId the request's trace id (W3C, 32 hex digits) when the node
 *   traced it: where its spans and log lines are found (socket updates only)
 * @property {number} at local time it arrived (epoch ms)
 *
 * @typedef {object} TrackedRequest
 * @property {string} correlationId
 * @property {string|null} type
 * @property {object|null} payload
 * @property {string|null} clientId the identity it was sent under
 * @property {RequestStatus} status
 * @property {number|null} progress 0 to 100
 * @property {string|null} stage
 * @property {*} result set once SUCCEEDED
 * @property {{code: string, message: string}|null} error set once FAILED (code 'deadline_exceeded' when its
 *   deadline passed first), REJECTED or UNSENT
 * @property {number|null} timeoutMillis the timeout it was sent with; null for its job type's default
 * @property {string|null} deadline when the server ends it FAILED deadline_exceeded unless it has ended (ISO 8601)
 * @property {{url: string, state: string, attempts: number}|null} callback its callback as the server last
 *   showed it (state pending, delivered or failed)
 * @property {number} seq highest update count applied
 * @property {string|null} acceptedBy
 * @property {string|null} createdAt the server's time of acceptance (ISO 8601)
 * @property {'socket'|'http'|null} sentOver the way the answer that accepted it came
 * @property {number} submittedAt local time submit() was called (epoch ms)
 * @property {number|null} finishedAt server time of the terminal update (epoch ms)
 * @property {boolean} lost true when the server no longer knows it (new identity, expired)
 * @property {Step[]} history the updates applied, oldest first (at most maxHistory)
 *
 * @typedef {'idle'|'connecting'|'open'|'reconnecting'|'closed'} ConnectionStateName
 *
 * @typedef {object} ConnectionState
 * @property {ConnectionStateName} state
 * @property {string|null} nodeId the node holding the socket, while open
 * @property {string|null} sessionId the socket's id on that node, while open
 * @property {string|null} previousNodeId the node of the last socket that was open
 * @property {string|null} clientId
 * @property {string|null} url the WebSocket URL of the current or last attempt
 * @property {number} reconnects sockets opened (welcomed) after the first one
 * @property {number} attempt failed attempts since the last welcome
 * @property {number|null} retryInMs delay before the next attempt, while reconnecting
 * @property {{code: number, reason: string}|null} lastClose
 * @property {boolean} polling whether unfinished requests are being polled over HTTP
 * @property {string|null} lastEventId
 * @property {number} duplicatesDropped updates dropped because their eventId was already seen
 * @property {number} staleDropped updates dropped because their seq was not newer
 *
 * @typedef {object} StorageLike the part of the Web Storage API used
 * @property {(key: string) => string|null} getItem
 * @property {(key: string, value: string) => void} setItem
 * @property {(key: string) => void} removeItem
 *
 * @typedef {object} ClientOptions
 * @property {string} [baseUrl] prefix of HTTP calls; default '' (same origin)
 * @property {string|string[]} [wsUrl] WebSocket URL, or several to rotate through on each
 *   reconnect; default ws(s)://<page host>/ws
 * @property {StorageLike} [storage] default localStorage, else memory
 * @property {string} [storageKey] prefix of the storage keys; default 'backchannel'
 * @property {typeof fetch} [fetch]
 * @property {typeof WebSocket} [WebSocket]
 * @property {(fn: () => void, ms: number) => any} [setTimeout]
 * @property {(handle: any) => void} [clearTimeout]
 * @property {() => number} [random] in [0, 1)
 * @property {() => number} [now] epoch ms
 * @property {() => string} [uuid] default crypto.randomUUID()
 * @property {{initialMs?: number, maxMs?: number, factor?: number}} [backoff] reconnect
 *   backoff; default 500 ms doubling to 15 s, with jitter
 * @property {number} [pollIntervalMs] pause between two rounds of HTTP polls while the socket is down;
 *   default 2000 (after failed polls, the reconnect backoff instead)
 * @property {number} [longPollSeconds] how long one poll may wait on the server for its request to move
 *   (GET with If-None-Match and Prefer: wait); 0 for plain polls; default 20
 * @property {number} [maxLongPolls] requests long-polled at once (a browser opens about six connections
 *   to one host; the others are polled plainly); default 4
 * @property {number} [submitAttempts] tries of one submit before it is UNSENT; default 8
 * @property {number} [maxRetryAfterMs] longest wait a Retry-After may impose; default 30000
 * @property {number} [helloTimeoutMs] wait for the welcome before giving up a socket; default 10000
 * @property {number} [pingIntervalMs] keep-alive ping period; a socket silent for two periods
 *   is given up; default 20000
 * @property {number} [maxRequests] requests kept in storage (finished ones go first); default 100
 * @property {number} [maxHistory] steps kept per request; default 50
 * @property {() => Promise<string>} [getToken] where tokens come from when the installation signs its
 *   users in with the application's identity provider (backchannel.auth.mode=jwt): called for the first
 *   token, again past half a token's lifetime, after a 401, and when the socket says its token expired
 *   (the fresh one is sent on the open socket in an auth frame). Without it, the client gets anonymous
 *   tokens from POST /api/sessions
 */

/** WebSocket close codes of protocol v1. */
export const CloseCode = Object.freeze({
  NORMAL: 1000,
  POLICY_VIOLATION: 1008,
  TOO_BIG: 1009,
  SERVICE_RESTART: 1012,
  TRY_AGAIN_LATER: 1013,
});

/** Close code this client uses when it gives up a socket itself (no welcome, silent). */
export const GIVEN_UP = 4000;

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const UNFINISHED = new Set(['QUEUED', 'RUNNING']);
const PROBLEM_PREFIX = 'urn:backchannel:problem:';

/**
 * The expiry of a JWT as an ISO string, read (not verified: the server does that) from its
 * payload; null for a token that is no JWT or names none.
 * @param {string} token
 * @returns {string|null}
 */
export function jwtExpiry(token) {
  try {
    const payload = token.split('.')[1];
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = JSON.parse(json).exp;
    return Number.isFinite(exp) ? new Date(exp * 1000).toISOString() : null;
  } catch {
    return null;
  }
}

/**
 * The reconnect spread a draining node names in its 1012 close reason
 * ("node shutting down; reconnect within 1000 ms"), capped at 30 s; 0 when it names none.
 * @param {string} reason
 * @returns {number} milliseconds
 */
export function reconnectSpreadMs(reason) {
  const match = /reconnect within (\d+) ms/.exec(reason ?? '');
  return match ? Math.min(Number(match[1]), 30000) : 0;
}

/** @param {string|null|undefined} status */
export function isTerminal(status) {
  return TERMINAL.has(/** @type {string} */ (status));
}

/**
 * Compares two event ids (`<ms>-<seq>`, Redis stream ids) numerically, part by part.
 * @param {string} a
 * @param {string} b
 * @returns {number} negative, zero or positive
 */
export function compareEventIds(a, b) {
  const [am, as] = eventIdParts(a);
  const [bm, bs] = eventIdParts(b);
  if (am !== bm) {
    return am < bm ? -1 : 1;
  }
  return as === bs ? 0 : as < bs ? -1 : 1;
}

/**
 * The millisecond part of an event id: when the server stored the event.
 * @param {string} id
 * @returns {number}
 */
export function eventIdTime(id) {
  return Number(eventIdParts(id)[0]);
}

const EVENT_ID = /^(\d{1,20})-(\d{1,20})$/;

/** @param {unknown} id @returns {id is string} */
export function isEventId(id) {
  return typeof id === 'string' && EVENT_ID.test(id);
}

/** @param {string} id @returns {[bigint, bigint]} */
function eventIdParts(id) {
  const match = EVENT_ID.exec(String(id));
  if (!match) {
    throw new TypeError(`not an event id: ${id}`);
  }
  return [BigInt(match[1]), BigInt(match[2])];
}

/**
 * Reconnect delay after `attempt` failed attempts (0 for the first): exponential, capped, with
 * "equal jitter" so that clients dropped together do not come back together. The result lies in
 * [cap / 2, cap], cap = min(maxMs, initialMs * factor ** attempt).
 * @param {number} attempt
 * @param {{initialMs: number, maxMs: number, factor: number}} backoff
 * @param {() => number} random
 * @returns {number} milliseconds
 */
export function backoffDelay(attempt, backoff, random) {
  const cap = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * Milliseconds a Retry-After header asks for (seconds or an HTTP date), or null.
 * @param {string|null} value
 * @param {number} now
 */
export function retryAfterMs(value, now) {
  if (value == null || value.trim() === '') {
    return null;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim()) * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * A storage that keeps everything in memory, for tests and where localStorage is missing.
 * @returns {StorageLike & {dump(): Record<string, string>}}
 */
export function memoryStorage() {
  const map = new Map();
  return {
    getItem: (key) => (map.has(key) ? map.get(key) : null),
    setItem: (key, value) => void map.set(key, String(value)),
    removeItem: (key) => void map.delete(key),
    dump: () => Object.fromEntries(map),
  };
}

function defaultWsUrl() {
  const location = globalThis.location;
  if (!location) {
    throw new Error('no page location: pass the wsUrl option');
  }
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

function defaultStorage() {
  try {
    if (globalThis.localStorage) {
      return globalThis.localStorage;
    }
  } catch {
    // Access denied (privacy settings): fall back to memory.
  }
  return memoryStorage();
}

/**
 * A Backchannel client: one identity (kept in storage), its requests, and one socket.
 *
 * Events (see on()): 'update' (request, {source}) for every change of a request; 'state'
 * (ConnectionState) on every connection change; 'error' ({source, code, message}) for what went
 * wrong on the way (server error frames, refused submits, network failures); 'session'
 * ({clientId, previousClientId}) when the identity changes; 'event' ({id, type, data, eventId}) for
 * each event the application's backend published to this user (POST /api/publish), once.
 */
export class BackchannelClient {
  /** @type {Map<string, TrackedRequest>} */
  #requests = new Map();
  /** @type {Map<string, Set<(...args: any[]) => void>>} */
  #listeners = new Map();
  /** @type {{clientId: string, token: string, expiresAt: string|null, issuedAt: number}|null} */
  #session = null;
  /** @type {Promise<any>|null} */
  #sessionPromise = null;
  #checkSession = false;
  /** @type {string|null} */
  #lastEventId = null;
  /** @type {WebSocket|null} */
  #ws = null;
  #welcomed = false;
  /** @type {string|null} */
  #lastErrorCode = null;
  /** Submits the welcomed socket may have unanswered (0: its node takes none). */
  #submitSlots = 0;
  /**
   * Submits sent over a socket and not yet answered, by correlation id.
   * @type {Map<string, {ws: WebSocket, resolve: (answer: SubmitAnswer|null) => void}[]>}
   */
  #socketSubmits = new Map();
  #started = false;
  #stopped = false;
  #everOpened = false;
  #connectGeneration = 0;
  #urlIndex = 0;
  #lastFrameAt = 0;
  /** @type {Record<string, any>} */
  #timers = {};
  /** Rounds of polls in a row with a failure in them: the next round waits the backoff. */
  #pollFailures = 0;
  /** @type {ConnectionState} */
  #state;

  /** @param {ClientOptions} [options] */
  constructor(options = {}) {
    this.baseUrl = options.baseUrl ?? '';
    this.getToken = options.getToken ?? null;
    const urls = options.wsUrl ?? null;
    this.wsUrls = urls == null ? null : Array.isArray(urls) ? [...urls] : [urls];
    this.storage = options.storage ?? defaultStorage();
    this.storageKey = options.storageKey ?? 'backchannel';
    // Wrapped: browsers refuse fetch and timers called on another `this`.
    this.fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.setTimeout = options.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
    this.clearTimeout = options.clearTimeout ?? ((handle) => globalThis.clearTimeout(handle));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.uuid = options.uuid ?? (() => globalThis.crypto.randomUUID());
    this.backoff = { initialMs: 500, maxMs: 15000, factor: 2, ...options.backoff };
    this.pollIntervalMs = options.pollIntervalMs ?? 2000;
    this.longPollSeconds = options.longPollSeconds ?? 20;
    this.maxLongPolls = options.maxLongPolls ?? 4;
    this.submitAttempts = options.submitAttempts ?? 8;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 30000;
    this.helloTimeoutMs = options.helloTimeoutMs ?? 10000;
    this.pingIntervalMs = options.pingIntervalMs ?? 20000;
    this.maxRequests = options.maxRequests ?? 100;
    this.maxHistory = options.maxHistory ?? 50;
    this.#load();
    this.#state = {
      state: 'idle',
      nodeId: null,
      sessionId: null,
      previousNodeId: null,
      clientId: this.#session?.clientId ?? null,
      url: null,
      reconnects: 0,
      attempt: 0,
      retryInMs: null,
      lastClose: null,
      polling: false,
      lastEventId: this.#lastEventId,
      duplicatesDropped: 0,
      staleDropped: 0,
    };
  }

  // ---- public API ---------------------------------------------------------------------------

  /** Opens the socket (getting an identity first if needed) and resends unsent requests. */
  start() {
    if (this.#started && !this.#stopped) {
      return this;
    }
    this.#started = true;
    this.#stopped = false;
    for (const request of this.#requests.values()) {
      if (request.status === 'SENDING') {
        this.#send(request.correlationId);
      }
    }
    this.#connect();
    return this;
  }

  /** Closes the socket for good and stops every timer. Requests stay in storage. */
  stop() {
    this.#stopped = true;
    this.#connectGeneration++;
    Object.keys(this.#timers).forEach((name) => this.#clear(name));
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      detach(ws);
      this.#loseSubmits(ws);
      try {
        ws.close(CloseCode.NORMAL, 'client stopped');
      } catch {
        // Already closing.
      }
    }
    this.#setState({ state: 'closed', nodeId: null, sessionId: null, retryInMs: null, polling: false });
  }

  /**
   * Sends a new request. It is stored before it is sent and sent again, with the same
   * correlation id, until the server accepts or refuses it. It goes over the socket while one is
   * welcomed by a node that takes submits (and has a free slot), else over HTTP.
   * @param {string} type job type, e.g. 'report'
   * @param {object} [payload]
   * @param {{timeoutMillis?: number}} [options] timeoutMillis: how long the request may take (1 ms to 24 h)
   *   before the server ends it FAILED deadline_exceeded; the job type's default when absent
   * @returns {Promise<TrackedRequest>} the request once accepted, refused or given up
   */
  async submit(type, payload = {}, options = {}) {
    const correlationId = this.uuid();
    /** @type {TrackedRequest} */
    const request = {
      ...placeholder(correlationId, this.#session?.clientId ?? null, this.now()),
      type,
      payload,
      timeoutMillis: options.timeoutMillis ?? null,
      status: 'SENDING',
    };
    this.#requests.set(correlationId, request);
    this.#trim();
    this.#saveRequests();
    this.#emitUpdate(request, 'local');
    return (await this.#send(correlationId)) ?? clone(request);
  }

  /**
   * Sends an UNSENT request again, with its correlation id.
   * @param {string} correlationId
   */
  async retry(correlationId) {
    const request = this.#requests.get(correlationId);
    if (!request || request.status !== 'UNSENT') {
      return request ? clone(request) : undefined;
    }
    request.status = 'SENDING';
    request.error = null;
    this.#saveRequests();
    this.#emitUpdate(request, 'local');
    return this.#send(correlationId);
  }

  /**
   * Cancels a request the server has accepted: it ends CANCELLED (the update comes as any other),
   * unless it had ended before, and its worker is told. A request that was never sent (UNSENT) is
   * cancelled here; one still being sent is left as it is.
   * @param {string} correlationId
   * @returns {Promise<TrackedRequest|undefined>} the request as it stands after the answer
   */
  async cancel(correlationId) {
    const request = this.#requests.get(correlationId);
    if (request?.status === 'UNSENT') {
      request.status = 'CANCELLED';
      request.error = null;
      request.finishedAt = this.now();
      this.#saveRequests();
      this.#emitUpdate(request, 'local');
      return clone(request);
    }
    if (!request || request.status === 'SENDING' || isDone(request)) {
      return request && clone(request);
    }
    try {
      const session = await this.#ensureSession();
      const answer = await this.#http('DELETE', `/api/requests/${encodeURIComponent(correlationId)}`, {
        token: session.token,
      });
      if (answer.status === 200 || answer.status === 202) {
        this.#applyView(request, answer.data, 'cancel');
      } else if (answer.status === 404) {
        request.lost = true;
        this.#saveRequests();
        this.#emitUpdate(request, 'cancel');
      } else {
        this.#emit('error', { source: 'cancel', code: problemCode(answer), message: `HTTP ${answer.status}` });
      }
    } catch (error) {
      this.#emit('error', { source: 'cancel', code: 'network', message: messageOf(error) });
    }
    return clone(request);
  }

  /** @returns {TrackedRequest[]} every request kept, oldest first */
  requests() {
    return [...this.#requests.values()].sort((a, b) => a.submittedAt - b.submittedAt).map(clone);
  }

  /** @param {string} correlationId @returns {TrackedRequest|undefined} */
  request(correlationId) {
    const request = this.#requests.get(correlationId);
    return request ? clone(request) : undefined;
  }

  /** Forgets finished, refused and lost requests. */
  clearFinished() {
    for (const [id, request] of this.#requests) {
      if (isDone(request)) {
        this.#requests.delete(id);
      }
    }
    this.#saveRequests();
  }

  /** @returns {ConnectionState} */
  get state() {
    return { ...this.#state };
  }

  /** @returns {string|null} */
  get clientId() {
    return this.#session?.clientId ?? null;
  }

  /**
   * The bearer token the client uses now (null before it has one), for calls of the
   * application's own to the same installation, such as GET /api/cluster.
   * @returns {string|null}
   */
  get token() {
    return this.#session?.token ?? null;
  }

  /** @returns {string|null} */
  get lastEventId() {
    return this.#lastEventId;
  }

  /**
   * Listens to 'update', 'state', 'error', 'session' or 'event'.
   * @param {'update'|'state'|'error'|'session'|'event'} event
   * @param {(...args: any[]) => void} listener
   * @returns {() => void} removes the listener
   */
  on(event, listener) {
    if (!this.#listeners.has(event)) {
      this.#listeners.set(event, new Set());
    }
    this.#listeners.get(event)?.add(listener);
    return () => this.off(event, listener);
  }

  /** @param {string} event @param {(...args: any[]) => void} listener */
  off(event, listener) {
    this.#listeners.get(event)?.delete(listener);
  }

  /**
   * Listens to the updates of one request.
   * @param {string} correlationId
   * @param {(request: TrackedRequest, info: {source: string}) => void} listener
   * @returns {() => void} removes the listener
   */
  onRequest(correlationId, listener) {
    return this.on('update', (/** @type {TrackedRequest} */ request, /** @type {any} */ info) => {
      if (request.correlationId === correlationId) {
        listener(request, info);
      }
    });
  }

  /** Polls every unfinished request once, now. */
  async pollNow() {
    const session = this.#session;
    if (!session) {
      return;
    }
    const unfinished = [...this.#requests.values()].filter((r) => UNFINISHED.has(r.status) && !r.lost);
    const outcomes = await Promise.all(
      unfinished.map((request, i) => this.#pollOne(request, session, i < this.maxLongPolls ? this.longPollSeconds : 0)),
    );
    this.#pollFailures = outcomes.some((ok) => !ok) ? this.#pollFailures + 1 : 0;
  }

  // ---- sending ------------------------------------------------------------------------------

  /**
   * @param {string} correlationId
   * @returns {Promise<TrackedRequest|undefined>} undefined when the request was forgotten meanwhile
   */
  async #send(correlationId) {
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const request = this.#requests.get(correlationId);
      if (!request || request.status !== 'SENDING') {
        return request && clone(request);
      }
      let wait;
      try {
        const session = await this.#ensureSession();
        request.clientId = session.clientId;
        const answer = (await this.#submitOverSocket(request)) ?? (await this.#submitOverHttp(request, session));
        if (answer.status === 0) {
          // The socket closed before the answer: send it again at once, with the same id (it
          // may have been taken; then the answer is 200).
          wait = 0;
        } else if (answer.status === 200 || answer.status === 202) {
          request.sentOver = answer.via;
          this.#applyView(request, answer.view, 'submit');
          return clone(request);
        } else if (answer.status === 401 && !renewed) {
          renewed = true;
          await this.#renewSession();
          continue;
        } else if (answer.status !== 503 && answer.status !== 429) {
          this.#refuse(request, answer.code, answer.message);
          return clone(request);
        } else {
          wait = answer.retryAfterMs;
          this.#emit('error', { source: 'submit', code: answer.code, message: answer.message });
        }
      } catch (error) {
        this.#emit('error', { source: 'submit', code: 'network', message: messageOf(error) });
      }
      if (attempt + 1 >= this.submitAttempts) {
        request.status = 'UNSENT';
        request.error = { code: 'unsent', message: `not accepted after ${attempt + 1} tries` };
        this.#saveRequests();
        this.#emitUpdate(request, 'local');
        return clone(request);
      }
      const delay = wait == null ? backoffDelay(attempt, this.backoff, this.random) : wait;
      if (delay > 0) {
        await this.#sleep(Math.min(delay, this.maxRetryAfterMs));
      }
    }
  }

  /**
   * @typedef {object} SubmitAnswer what became of one try, whichever way it went
   * @property {number} status the HTTP status, or the one a socket's answer names; 0 when the
   *   socket closed before it answered
   * @property {'socket'|'http'} via
   * @property {any} [view] the record, when accepted
   * @property {string} [code] the problem type, when refused
   * @property {string} [message]
   * @property {number|null} [retryAfterMs]
   */

  /**
   * Sends the request over the socket, when one is welcomed, takes submits and has a free slot.
   * @param {TrackedRequest} request
   * @returns {Promise<SubmitAnswer|null>} null when the socket cannot take it (send over HTTP)
   */
  #submitOverSocket(request) {
    const ws = this.#ws;
    const correlationId = request.correlationId;
    if (!ws || !this.#welcomed || this.#pendingOn(ws) >= this.#submitSlots) {
      return Promise.resolve(null);
    }
    try {
      ws.send(
        JSON.stringify({
          type: 'submit',
          correlationId,
          jobType: request.type,
          payload: request.payload,
          ...timeoutOf(request),
        }),
      );
    } catch {
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      const waiting = this.#socketSubmits.get(correlationId) ?? [];
      waiting.push({ ws, resolve });
      this.#socketSubmits.set(correlationId, waiting);
    });
  }

  /**
   * @param {TrackedRequest} request
   * @param {{token: string}} session
   * @returns {Promise<SubmitAnswer>}
   */
  async #submitOverHttp(request, session) {
    const answer = await this.#http('POST', '/api/requests', {
      token: session.token,
      body: { correlationId: request.correlationId, type: request.type, payload: request.payload, ...timeoutOf(request) },
    });
    return {
      status: answer.status,
      via: 'http',
      view: answer.data,
      code: problemCode(answer),
      message: answer.data?.detail ?? `HTTP ${answer.status}`,
      retryAfterMs: retryAfterMs(answer.headers.get('Retry-After'), this.now()),
    };
  }

  /** @param {WebSocket} ws @returns {number} submits sent over this socket and not yet answered */
  #pendingOn(ws) {
    let count = 0;
    for (const waiting of this.#socketSubmits.values()) {
      count += waiting.filter((w) => w.ws === ws).length;
    }
    return count;
  }

  /**
   * Hands a socket's answer to the submits of this id waiting on that socket.
   * @param {WebSocket} ws @param {string} correlationId @param {SubmitAnswer} answer
   * @returns {boolean} whether one was waiting
   */
  #answerSubmit(ws, correlationId, answer) {
    const waiting = this.#socketSubmits.get(correlationId) ?? [];
    const answered = waiting.filter((w) => w.ws === ws);
    const left = waiting.filter((w) => w.ws !== ws);
    if (left.length > 0) {
      this.#socketSubmits.set(correlationId, left);
    } else {
      this.#socketSubmits.delete(correlationId);
    }
    answered.forEach((w) => w.resolve(answer));
    return answered.length > 0;
  }

  /** The socket is gone: its unanswered submits are sent again. @param {WebSocket} ws */
  #loseSubmits(ws) {
    for (const correlationId of [...this.#socketSubmits.keys()]) {
      this.#answerSubmit(ws, correlationId, { status: 0, via: 'socket' });
    }
  }

  /** @param {TrackedRequest} request @param {string} code @param {string} message */
  #refuse(request, code, message) {
    request.status = 'REJECTED';
    request.error = { code, message };
    this.#saveRequests();
    this.#emitUpdate(request, 'local');
    this.#emit('error', { source: 'submit', code, message });
  }

  /** @param {number} ms */
  #sleep(ms) {
    return new Promise((resolve) => this.setTimeout(() => resolve(undefined), ms));
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {{token?: string, body?: any, headers?: Record<string, string>}} [options]
   * @returns {Promise<{status: number, headers: {get(name: string): string|null}, data: any}>}
   */
  async #http(method, path, options = {}) {
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json', ...options.headers };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (options.token) {
      headers.Authorization = `Bearer ${options.token}`;
    }
    const response = await this.fetch(this.baseUrl + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    return { status: response.status, headers: response.headers, data };
  }

  // ---- identity -----------------------------------------------------------------------------

  /** The session, created or renewed (past half its lifetime) as needed. */
  async #ensureSession() {
    if (this.#sessionPromise) {
      return this.#sessionPromise;
    }
    const session = this.#session;
    if (session && session.token && !this.#checkSession && !this.#pastHalfLife(session)) {
      return session;
    }
    return this.#renewSession();
  }

  /**
   * Renews the token for the same identity (POST /api/sessions with the old token); only when
   * the server refuses that (401: unknown key, expired) is a new identity created.
   */
  #renewSession() {
    if (!this.#sessionPromise) {
      this.#sessionPromise = (async () => {
        try {
          if (this.getToken) {
            const token = await this.getToken();
            if (typeof token !== 'string' || token === '') {
              throw new Error('getToken() gave no token');
            }
            this.#checkSession = false;
            // The server names the client in the welcome; until then it is the one we had.
            const session = this.#adoptSession({
              clientId: this.#session?.clientId ?? null,
              token,
              expiresAt: jwtExpiry(token),
            });
            this.#sendToken(session.token);
            return session;
          }
          const old = this.#session;
          let answer = old ? await this.#http('POST', '/api/sessions', { token: old.token }) : null;
          if (answer === null || answer.status === 401) {
            answer = await this.#http('POST', '/api/sessions');
          }
          if (answer.status !== 201 && answer.status !== 200) {
            throw new Error(`POST /api/sessions answered ${answer.status}`);
          }
          this.#checkSession = false;
          return this.#adoptSession(answer.data);
        } finally {
          this.#sessionPromise = null;
        }
      })();
    }
    return this.#sessionPromise;
  }

  /** @param {{clientId: string|null, token: string, expiresAt?: string|null, issuedAt?: number}} grant */
  #adoptSession(grant) {
    const previous = this.#session;
    this.#session = {
      clientId: grant.clientId,
      token: grant.token,
      expiresAt: grant.expiresAt ?? null,
      issuedAt: grant.issuedAt ?? this.now(),
    };
    // The application's tokens stay in memory: it hands out fresh ones whenever asked, and a
    // token in storage is one more place for a script injected into the page to find it.
    this.#write('session', JSON.stringify(this.getToken ? { ...this.#session, token: null } : this.#session));
    if (previous && previous.clientId === null && grant.clientId !== null) {
      // The first welcome of a getToken() client names the client its requests went to.
      for (const request of this.#requests.values()) {
        if (request.clientId === null) {
          request.clientId = grant.clientId;
        }
      }
      this.#saveRequests();
    } else if (previous && previous.clientId !== grant.clientId) {
      // A new identity has a new inbox, and the old one's requests are out of reach.
      this.#lastEventId = null;
      this.storage.removeItem(this.#key('lastEventId'));
      for (const request of this.#requests.values()) {
        if (request.clientId === previous.clientId && !isTerminal(request.status) && request.status !== 'SENDING') {
          request.lost = true;
          this.#emitUpdate(request, 'local');
        }
      }
      this.#saveRequests();
      this.#emit('session', { clientId: grant.clientId, previousClientId: previous.clientId });
    }
    this.#setState({ clientId: grant.clientId, lastEventId: this.#lastEventId });
    return this.#session;
  }

  /** @param {{expiresAt: string|null, issuedAt: number}} session */
  #pastHalfLife(session) {
    const expires = session.expiresAt ? Date.parse(session.expiresAt) : NaN;
    if (Number.isNaN(expires)) {
      return false;
    }
    return this.now() >= session.issuedAt + (expires - session.issuedAt) / 2;
  }

  // ---- socket -------------------------------------------------------------------------------

  async #connect() {
    this.#clear('reconnect');
    if (this.#stopped) {
      return;
    }
    const generation = ++this.#connectGeneration;
    this.#setState({ state: this.#everOpened ? 'reconnecting' : 'connecting', retryInMs: null });
    let session;
    try {
      session = await this.#ensureSession();
    } catch (error) {
      if (generation === this.#connectGeneration && !this.#stopped) {
        this.#emit('error', { source: 'session', code: 'network', message: messageOf(error) });
        this.#scheduleReconnect(false);
      }
      return;
    }
    if (generation !== this.#connectGeneration || this.#stopped) {
      return;
    }
    const url = this.#nextUrl();
    this.#setState({ url });
    /** @type {WebSocket} */
    let ws;
    try {
      ws = new this.WebSocket(url);
    } catch (error) {
      this.#emit('error', { source: 'socket', code: 'connect', message: messageOf(error) });
      this.#scheduleReconnect(false);
      return;
    }
    this.#ws = ws;
    this.#welcomed = false;
    this.#lastErrorCode = null;
    // From creation, not from open: a connect that hangs is given up too.
    this.#timer('hello', this.helloTimeoutMs, () => this.#giveUp(ws, 'no welcome'));
    ws.onopen = () => {
      if (ws !== this.#ws) {
        return;
      }
      /** @type {{type: string, token: string, lastEventId?: string}} */
      const hello = { type: 'hello', token: session.token };
      if (this.#lastEventId) {
        hello.lastEventId = this.#lastEventId;
      }
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (event) => this.#onMessage(ws, event.data);
    ws.onclose = (event) => this.#onClose(ws, event.code, event.reason ?? '');
    ws.onerror = () => {
      // A close event follows; it carries what there is to know.
    };
    this.#updatePolling();
  }

  #nextUrl() {
    const urls = this.wsUrls ?? [defaultWsUrl()];
    const url = urls[this.#urlIndex % urls.length];
    this.#urlIndex++;
    return url;
  }

  /** @param {WebSocket} ws @param {any} data */
  #onMessage(ws, data) {
    if (ws !== this.#ws) {
      return;
    }
    this.#lastFrameAt = this.now();
    let frame;
    try {
      frame = JSON.parse(String(data));
    } catch {
      this.#emit('error', { source: 'socket', code: 'bad_frame', message: 'a frame that is not JSON' });
      return;
    }
    switch (frame?.type) {
      case 'welcome':
        this.#onWelcome(ws, frame);
        break;
      case 'event':
        // Published by the application's backend: in the inbox like updates, so it resumes.
        if (this.#takeEventId(frame)) {
          this.#emit('event', {
            id: frame.id,
            type: frame.event?.type ?? null,
            data: frame.event?.data ?? {},
            eventId: frame.eventId,
          });
        }
        break;
      case 'authenticated':
        // The socket lives on the token we sent.
        break;
      case 'update':
        try {
          this.#applyUpdate(frame);
        } catch (error) {
          this.#emit('error', { source: 'socket', code: 'bad_frame', message: messageOf(error) });
        }
        break;
      case 'accepted':
        this.#onAccepted(ws, frame);
        break;
      case 'error':
        if (typeof frame.correlationId === 'string' && typeof frame.problem === 'string') {
          // The answer to a submit: the sending loop reports it.
          const answered = this.#answerSubmit(ws, frame.correlationId, {
            status: Number(frame.status),
            via: 'socket',
            code: problemSlug(frame.problem) ?? frame.code,
            message: frame.message ?? '',
            retryAfterMs: Number.isFinite(frame.retryAfter) ? frame.retryAfter * 1000 : null,
          });
          if (answered) {
            break;
          }
        } else {
          this.#lastErrorCode = frame.code ?? null;
          if (frame.code === 'token_expired') {
            // A fresh token before the grace ends keeps the socket: #renewSession sends it.
            this.#renewSession().catch((error) =>
              this.#emit('error', { source: 'session', code: 'network', message: messageOf(error) }),
            );
          }
        }
        this.#emit('error', { source: 'socket', code: frame.code, message: frame.message });
        break;
      case 'ping':
        ws.send(JSON.stringify({ type: 'pong' }));
        break;
      default:
        // pong, and frame types added after v1: nothing to do.
        break;
    }
  }

  /** @param {WebSocket} ws @param {any} frame */
  #onAccepted(ws, frame) {
    if (typeof frame.correlationId !== 'string') {
      return;
    }
    const answer = { status: Number(frame.status), via: /** @type {const} */ ('socket'), view: frame.request };
    if (!this.#answerSubmit(ws, frame.correlationId, answer)) {
      // Nobody waits for it any more; the record is still news.
      const request = this.#requests.get(frame.correlationId);
      if (request) {
        this.#applyView(request, frame.request, 'submit');
      }
    }
  }

  /**
   * Moves the resume cursor to an inbox event, unless it is one we have (a repeat).
   * @param {{eventId?: string}} frame
   * @returns {boolean} whether the event is new
   */
  #takeEventId(frame) {
    if (typeof frame.eventId !== 'string') {
      return true;
    }
    if (this.#lastEventId && compareEventIds(frame.eventId, this.#lastEventId) <= 0) {
      this.#setState({ duplicatesDropped: this.#state.duplicatesDropped + 1 });
      return false;
    }
    this.#lastEventId = frame.eventId;
    this.#write('lastEventId', frame.eventId);
    this.#setState({ lastEventId: frame.eventId });
    return true;
  }

  /** Hands a renewed token to the open socket, so that it outlives the one of its hello. */
  #sendToken(token) {
    const ws = this.#ws;
    if (ws && this.#welcomed) {
      ws.send(JSON.stringify({ type: 'auth', token }));
    }
  }

  /** @param {WebSocket} ws @param {any} welcome */
  #onWelcome(ws, welcome) {
    this.#clear('hello');
    if (this.getToken && typeof welcome.clientId === 'string' && this.#session?.clientId !== welcome.clientId) {
      // Tokens from getToken() do not say which client they make; the welcome does.
      this.#adoptSession({ ...this.#session, clientId: welcome.clientId });
    }
    this.#welcomed = true;
    const slots = welcome.maxSubmitsInFlight;
    this.#submitSlots = Number.isInteger(slots) && slots > 0 ? slots : 0;
    const reconnects = this.#state.reconnects + (this.#everOpened ? 1 : 0);
    this.#everOpened = true;
    this.#setState({
      state: 'open',
      nodeId: welcome.nodeId ?? null,
      sessionId: welcome.sessionId ?? null,
      previousNodeId: welcome.nodeId ?? null,
      clientId: welcome.clientId ?? this.#state.clientId,
      reconnects,
      attempt: 0,
      retryInMs: null,
    });
    this.#updatePolling();
    this.#keepAlive(ws);
    if (welcome.truncated) {
      // The inbox no longer reaches back to our lastEventId: the replay has gaps.
      this.pollNow();
    }
  }

  /** @param {WebSocket} ws */
  #keepAlive(ws) {
    this.#timer('ping', this.pingIntervalMs, () => {
      if (ws !== this.#ws) {
        return;
      }
      if (this.now() - this.#lastFrameAt >= 2 * this.pingIntervalMs) {
        this.#giveUp(ws, 'socket silent');
        return;
      }
      try {
        ws.send(JSON.stringify({ type: 'ping' }));
      } catch {
        // The close event will tell.
      }
      this.#keepAlive(ws);
    });
  }

  /** Gives up a socket at once, without waiting for a close handshake that may never come. */
  #giveUp(/** @type {WebSocket} */ ws, /** @type {string} */ reason) {
    if (ws !== this.#ws) {
      return;
    }
    detach(ws);
    try {
      ws.close(GIVEN_UP, reason);
    } catch {
      // Already closed.
    }
    this.#onClose(ws, GIVEN_UP, reason);
  }

  /** @param {WebSocket} ws @param {number} code @param {string} reason */
  #onClose(ws, code, reason) {
    if (ws !== this.#ws) {
      return;
    }
    this.#ws = null;
    this.#clear('hello');
    this.#clear('ping');
    const wasOpen = this.#welcomed;
    this.#welcomed = false;
    this.#submitSlots = 0;
    this.#loseSubmits(ws);
    if (this.#stopped) {
      return;
    }
    if (code === CloseCode.POLICY_VIOLATION) {
      if (this.#lastErrorCode === 'bad_hello') {
        // Our lastEventId was refused: resume from whatever the inbox holds; seq filters.
        this.#lastEventId = null;
        this.storage.removeItem(this.#key('lastEventId'));
      } else if (this.#lastErrorCode !== 'hello_required') {
        // The token: renew it for the same identity before the next attempt.
        this.#checkSession = true;
      }
    }
    this.#setState({
      state: this.#everOpened ? 'reconnecting' : 'connecting',
      nodeId: null,
      sessionId: null,
      lastClose: { code, reason },
    });
    // A node shutting down (1012) asks us to move, after a random wait up to the spread its
    // reason names (so its clients do not all arrive at the other nodes at once); do so once
    // per open socket, so a cluster that keeps refusing is not hammered.
    const restart = code === CloseCode.SERVICE_RESTART && wasOpen;
    this.#scheduleReconnect(restart, restart ? reconnectSpreadMs(reason) : 0);
    this.#updatePolling();
  }

  /**
   * @param {boolean} immediately without backoff: after at most a random part of `spreadMs`
   * @param {number} [spreadMs]
   */
  #scheduleReconnect(immediately, spreadMs = 0) {
    if (this.#stopped) {
      return;
    }
    const attempt = this.#state.attempt;
    const delay = immediately ? Math.floor(this.random() * spreadMs) : backoffDelay(attempt, this.backoff, this.random);
    this.#setState({
      state: this.#everOpened ? 'reconnecting' : 'connecting',
      attempt: immediately ? attempt : attempt + 1,
      retryInMs: delay,
    });
    this.#timer('reconnect', delay, () => this.#connect());
    this.#updatePolling();
  }

  // ---- updates ------------------------------------------------------------------------------

  /** @param {any} frame */
  #applyUpdate(frame) {
    if (!this.#takeEventId(frame)) {
      return false;
    }
    let request = this.#requests.get(frame.correlationId);
    if (!request) {
      // Sent by another tab or device of the same identity, or forgotten here.
      request = placeholder(frame.correlationId, this.#session?.clientId ?? null, this.now());
      this.#requests.set(frame.correlationId, request);
      this.#trim();
    }
    const seq = Number(frame.seq);
    // A request ends once: nothing moves it on from its terminal status.
    if (!(seq > request.seq) || isTerminal(request.status)) {
      this.#setState({ staleDropped: this.#state.staleDropped + 1 });
      this.#saveRequests();
      return false;
    }
    this.#advance(request, frame, seq);
    request.error = frame.error ?? request.error;
    request.lost = false;
    const route = frame.route ?? {};
    request.acceptedBy = route.acceptedBy ?? request.acceptedBy;
    if (isTerminal(frame.status)) {
      request.finishedAt = typeof frame.eventId === 'string' ? eventIdTime(frame.eventId) : this.now();
    }
    return this.#commit(request, {
      seq,
      eventId: frame.eventId ?? null,
      status: frame.status,
      progress: request.progress,
      stage: request.stage,
      route: {
        acceptedBy: route.acceptedBy ?? null,
        receivedBy: route.receivedBy ?? null,
        deliveredBy: route.deliveredBy ?? null,
        via: route.via ?? 'local',
      },
      traceId: typeof frame.traceId === 'string' ? frame.traceId : null,
      at: this.now(),
    }, 'socket');
  }

  /**
   * Applies a record read over HTTP (the POST's answer or a GET) if it is newer than what is held.
   * @param {TrackedRequest} request
   * @param {any} view
   * @param {'submit'|'poll'|'cancel'} via
   */
  #applyView(request, view, via) {
    if (!view || typeof view !== 'object') {
      return false;
    }
    request.acceptedBy = request.acceptedBy ?? view.acceptedBy ?? null;
    request.createdAt = request.createdAt ?? view.createdAt ?? null;
    request.deadline = view.deadline ?? request.deadline ?? null;
    request.callback = view.callback ?? request.callback ?? null;
    const seq = Number(view.seq ?? 0);
    const unsent = request.status === 'SENDING' || request.status === 'UNSENT';
    if (!(seq > request.seq || (unsent && seq >= request.seq)) || isTerminal(request.status)) {
      this.#saveRequests();
      return false;
    }
    this.#advance(request, view, seq);
    request.error = view.error ?? (unsent ? null : request.error);
    if (isTerminal(view.status)) {
      const updated = view.updatedAt ? Date.parse(view.updatedAt) : NaN;
      request.finishedAt = Number.isNaN(updated) ? this.now() : updated;
    }
    return this.#commit(request, {
      seq,
      eventId: null,
      status: view.status,
      progress: request.progress,
      stage: request.stage,
      route: { acceptedBy: view.acceptedBy ?? null, receivedBy: null, deliveredBy: null, via },
      traceId: null,
      at: this.now(),
    }, via);
  }

  /**
   * Takes the status, seq, progress, stage and result of a newer update or record.
   * @param {TrackedRequest} request
   * @param {any} source an update frame or a record view
   * @param {number} seq
   */
  #advance(request, source, seq) {
    request.status = source.status;
    request.seq = seq;
    request.progress = source.progress ?? (source.status === 'SUCCEEDED' ? 100 : request.progress);
    request.stage = source.stage ?? request.stage;
    request.result = source.result ?? request.result;
  }

  /**
   * Records an applied step, saves, tells the listeners and rechecks polling.
   * @param {TrackedRequest} request
   * @param {Step} step
   * @param {string} via
   */
  #commit(request, step, via) {
    this.#pushStep(request, step);
    this.#saveRequests();
    this.#emitUpdate(request, via);
    this.#updatePolling();
    return true;
  }

  /** @param {TrackedRequest} request @param {Step} step */
  #pushStep(request, step) {
    request.history.push(step);
    if (request.history.length > this.maxHistory) {
      request.history.splice(0, request.history.length - this.maxHistory);
    }
  }

  // ---- polling ------------------------------------------------------------------------------

  #updatePolling() {
    const wanted =
      this.#started &&
      !this.#stopped &&
      this.#state.state !== 'open' &&
      [...this.#requests.values()].some((r) => UNFINISHED.has(r.status) && !r.lost);
    if (wanted && !this.#timers.poll) {
      const pause =
        this.#pollFailures > 0 ? backoffDelay(this.#pollFailures - 1, this.backoff, this.random) : this.pollIntervalMs;
      this.#timer('poll', pause, async () => {
        try {
          await this.pollNow();
        } finally {
          this.#updatePolling();
        }
      });
    } else if (!wanted) {
      this.#clear('poll');
    }
    if (this.#state.polling !== wanted) {
      this.#setState({ polling: wanted });
    }
  }

  /**
   * One poll of one request: conditional on the seq held (304: nothing new) and, with a wait, held
   * by the server until the request moves past it or the wait ends.
   * @param {TrackedRequest} request @param {{token: string}} session @param {number} waitSeconds
   * @returns {Promise<boolean>} false when the poll failed (network, 5xx), for the backoff
   */
  async #pollOne(request, session, waitSeconds) {
    /** @type {Record<string, string>} */
    const headers = { 'If-None-Match': `"${request.seq}"` };
    if (waitSeconds > 0) {
      headers.Prefer = `wait=${waitSeconds}`;
    }
    try {
      const answer = await this.#http('GET', `/api/requests/${encodeURIComponent(request.correlationId)}`, {
        token: session.token,
        headers,
      });
      if (answer.status === 200) {
        this.#applyView(request, answer.data, 'poll');
      } else if (answer.status === 404) {
        request.lost = true;
        this.#saveRequests();
        this.#emitUpdate(request, 'poll');
      }
      return answer.status < 500;
    } catch (error) {
      this.#emit('error', { source: 'poll', code: 'network', message: messageOf(error) });
      return false;
    }
  }

  // ---- state, storage, events ---------------------------------------------------------------

  /** @param {Partial<ConnectionState>} change */
  #setState(change) {
    const before = /** @type {Record<string, unknown>} */ (this.#state);
    const next = { ...this.#state, ...change };
    const after = /** @type {Record<string, unknown>} */ (next);
    const changed = Object.keys(change).some((k) => !sameValue(after[k], before[k]));
    this.#state = next;
    if (changed) {
      this.#emit('state', { ...next });
    }
  }

  /** @param {string} name @param {number} ms @param {() => void} fn */
  #timer(name, ms, fn) {
    this.#clear(name);
    this.#timers[name] = this.setTimeout(() => {
      delete this.#timers[name];
      fn();
    }, ms);
  }

  /** @param {string} name */
  #clear(name) {
    if (this.#timers[name] !== undefined) {
      this.clearTimeout(this.#timers[name]);
      delete this.#timers[name];
    }
  }

  /** @param {string} name */
  #key(name) {
    return `${this.storageKey}.${name}`;
  }

  /** @param {string} name @param {string} value */
  #write(name, value) {
    try {
      this.storage.setItem(this.#key(name), value);
    } catch (error) {
      this.#emit('error', { source: 'storage', code: 'write', message: messageOf(error) });
    }
  }

  #load() {
    const read = (/** @type {string} */ name) => {
      try {
        const text = this.storage.getItem(this.#key(name));
        return text == null ? null : JSON.parse(text);
      } catch {
        return null;
      }
    };
    const session = read('session');
    if (session && typeof session.clientId === 'string' && (typeof session.token === 'string' || this.getToken)) {
      this.#session = this.getToken ? { ...session, token: null } : session;
    }
    const lastEventId = this.storage.getItem(this.#key('lastEventId'));
    this.#lastEventId = isEventId(lastEventId) ? lastEventId : null;
    const requests = read('requests');
    if (Array.isArray(requests)) {
      for (const request of requests) {
        if (request && typeof request.correlationId === 'string') {
          request.history = Array.isArray(request.history) ? request.history : [];
          this.#requests.set(request.correlationId, request);
        }
      }
    }
  }

  #saveRequests() {
    this.#write('requests', JSON.stringify([...this.#requests.values()]));
  }

  /** Keeps at most maxRequests, dropping finished ones first, oldest first. */
  #trim() {
    const excess = this.#requests.size - this.maxRequests;
    if (excess <= 0) {
      return;
    }
    const byAge = [...this.#requests.values()].sort((a, b) => a.submittedAt - b.submittedAt);
    const victims = [...byAge.filter(isDone), ...byAge.filter((r) => !isDone(r))].slice(0, excess);
    victims.forEach((r) => this.#requests.delete(r.correlationId));
  }

  /** @param {TrackedRequest} request @param {string} source */
  #emitUpdate(request, source) {
    this.#emit('update', clone(request), { source });
  }

  /** @param {string} event @param {...any} args */
  #emit(event, ...args) {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        listener(...args);
      } catch (error) {
        // A listener's bug must not break delivery to the others.
        globalThis.queueMicrotask?.(() => {
          throw error;
        });
      }
    }
  }
}

/** @param {unknown} error */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

/** @param {TrackedRequest} request */
function isDone(request) {
  return isTerminal(request.status) || request.status === 'REJECTED' || request.status === 'UNSENT' || request.lost;
}

/**
 * A request known by its id only (an update for one this client did not send from here); submit starts from it too.
 * @param {string} correlationId @param {string|null} clientId @param {number} now @returns {TrackedRequest}
 */
function placeholder(correlationId, clientId, now) {
  return {
    correlationId,
    type: null,
    payload: null,
    clientId,
    status: 'QUEUED',
    progress: null,
    stage: null,
    result: null,
    error: null,
    seq: 0,
    acceptedBy: null,
    createdAt: null,
    sentOver: null,
    timeoutMillis: null,
    deadline: null,
    callback: null,
    submittedAt: now,
    finishedAt: null,
    lost: false,
    history: [],
  };
}

/** The request's timeout as a field of what is sent, or nothing. @param {TrackedRequest} request */
function timeoutOf(request) {
  return request.timeoutMillis == null ? {} : { timeoutMillis: request.timeoutMillis };
}

/** @param {{status: number, data: any}} answer */
function problemCode(answer) {
  return problemSlug(answer.data?.type) ?? `http_${answer.status}`;
}

/** The problem type of a problem's type URI (`conflict`, `rate-limited`, ...), or null. @param {unknown} type */
function problemSlug(type) {
  return typeof type === 'string' && type.startsWith(PROBLEM_PREFIX) ? type.slice(PROBLEM_PREFIX.length) : null;
}

/** @param {WebSocket} ws */
function detach(ws) {
  ws.onopen = null;
  ws.onmessage = null;
  ws.onclose = null;
  ws.onerror = null;
}

/** @template T @param {T} value @returns {T} */
function clone(value) {
  return structuredClone(value);
}

/** @param {any} a @param {any} b */
function sameValue(a, b) {
  return a === b || (a && b && typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));
}
