// The Backchannel demo page. Everything it knows comes from the client library's events.
import { BackchannelClient, isTerminal } from './lib/backchannel-client.js';

const $ = (selector) => document.querySelector(selector);

// The socket the library opened last, so that "Drop socket" can close it behind the library's
// back, as a network loss would: the library sees an unexpected close and resumes.
let currentSocket = null;
class TrackedWebSocket extends WebSocket {
  constructor(...args) {
    super(...args);
    currentSocket = this;
  }
}

// ---- identity ---------------------------------------------------------------------------------

// A node in jwt mode (GET /api/auth) on the local cluster (AUTH_MODE=jwt deploy/local/cluster.sh up) has
// a development identity provider behind /idp/ that signs a token for any user name: the page signs in
// as the user kept in storage, each user with requests of their own. Otherwise the client uses
// anonymous sessions.
const USER_KEY = 'backchannel.demo.user';

async function devToken(user, scope) {
  const query = new URLSearchParams({ user });
  if (scope) {
    query.set('scope', scope);
  }
  const response = await fetch(`/idp/token?${query}`);
  if (!response.ok) {
    throw new Error(`the identity provider answered ${response.status}`);
  }
  return (await response.json()).access_token;
}

async function devIdentity() {
  try {
    const response = await fetch('/api/auth');
    if (!response.ok || (await response.json()).mode !== 'jwt') {
      return null;
    }
    return { user: localStorage.getItem(USER_KEY) || 'alice' };
  } catch {
    return null;
  }
}

const identity = await devIdentity();
const client = new BackchannelClient({
  WebSocket: TrackedWebSocket,
  ...(identity && { storageKey: `backchannel.user.${identity.user}`, getToken: () => devToken(identity.user) }),
});

if (identity) {
  $('#identity').hidden = false;
  $('#identity-user').value = identity.user;
  $('#identity').addEventListener('submit', (event) => {
    event.preventDefault();
    const user = $('#identity-user').value.trim();
    if (/^[A-Za-z0-9._@-]{1,64}$/.test(user) && user !== identity.user) {
      localStorage.setItem(USER_KEY, user);
      location.reload();
    }
  });
  $('#publish').hidden = false;
  $('#publish').addEventListener('click', async () => {
    // As the application's backend would: its own token, with the publish scope.
    try {
      const token = await devToken('demo-backend', 'backchannel.publish');
      const response = await fetch('/api/publish', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({
          userId: identity.user,
          id: crypto.randomUUID(),
          event: { type: 'demo.hello', data: { from: 'demo-backend', at: new Date().toISOString() } },
        }),
      });
      $('#publish-result').textContent = response.ok ? '' : `publish answered ${response.status}`;
    } catch (error) {
      $('#publish-result').textContent = String(error.message ?? error);
    }
  });
}

// ---- small DOM helpers ------------------------------------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  return node;
}

function short(id) {
  return id ? String(id).slice(0, 8) : '—';
}

// Every node keeps one colour for the life of the page, so a path reads at a glance.
const nodeColours = new Map();
function nodeChip(nodeId, label) {
  const chip = el('span', 'node');
  if (!nodeId) {
    chip.classList.add('node-none');
    chip.textContent = label ? `${label} —` : '—';
    return chip;
  }
  if (!nodeColours.has(nodeId)) {
    nodeColours.set(nodeId, nodeColours.size % 6);
  }
  chip.classList.add(`node-c${nodeColours.get(nodeId)}`);
  chip.title = label ? `${label}: ${nodeId}` : nodeId;
  chip.textContent = nodeId;
  return chip;
}

function duration(ms) {
  if (!Number.isFinite(ms) || ms < 0) {
    return '';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 60000) {
    return `${(ms / 1000).toFixed(1)} s`;
  }
  return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

function json(value) {
  const text = JSON.stringify(value);
  return text && text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

// ---- connection -------------------------------------------------------------------------------

function renderState(state) {
  const badge = $('#conn-state');
  badge.dataset.state = state.state;
  badge.textContent =
    state.state === 'reconnecting' && state.retryInMs != null
      ? `reconnecting (${duration(state.retryInMs) || 'now'})`
      : state.state;
  const node = $('#conn-node');
  node.replaceChildren(state.nodeId ? nodeChip(state.nodeId) : el('span', 'muted', state.previousNodeId ? `was ${state.previousNodeId}` : '—'));
  node.dataset.node = state.nodeId ?? '';
  $('#conn-session').textContent = short(state.sessionId);
  $('#conn-session').title = state.sessionId ?? '';
  $('#conn-client').textContent = short(state.clientId);
  $('#conn-client').title = state.clientId ?? '';
  $('#conn-reconnects').textContent = String(state.reconnects);
  $('#conn-event').textContent = state.lastEventId ?? '—';
  $('#conn-polling').textContent = state.polling ? 'polling over HTTP' : 'off';
  $('#conn-polling').classList.toggle('warn', state.polling);
  $('#conn-dupes').textContent = String(state.duplicatesDropped);
  $('#conn-close').textContent = state.lastClose ? `${state.lastClose.code} ${state.lastClose.reason || ''}`.trim() : '—';
  $('#drop-socket').disabled = state.state !== 'open';
  highlightSocketNode(state.nodeId);
}

$('#drop-socket').addEventListener('click', () => {
  if (currentSocket && currentSocket.readyState === WebSocket.OPEN) {
    currentSocket.close(4001, 'dropped by the demo');
  }
});

// ---- cluster ----------------------------------------------------------------------------------

let clusterNodes = [];

async function refreshCluster() {
  try {
    const token = client.token;
    if (!token) {
      // The cluster view is for holders of a token; the client gets one as it starts.
      $('#cluster-self').textContent = 'waiting for a session';
      return;
    }
    const response = await fetch('/api/cluster', {
      headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    const view = await response.json();
    clusterNodes = view.nodes ?? [];
    $('#cluster-self').textContent = `answered by ${view.self}`;
    renderCluster();
  } catch {
    $('#cluster-self').textContent = 'cluster not reachable';
  }
}

function renderCluster() {
  const rows = clusterNodes.map((node) => {
    const row = el('tr');
    row.dataset.node = node.nodeId;
    const name = el('td');
    name.append(nodeChip(node.nodeId));
    const marker = el('td', 'marker');
    row.append(name, el('td', 'num', node.sockets), el('td', 'muted', duration(Date.now() - Date.parse(node.startedAt))), marker);
    return row;
  });
  if (rows.length === 0) {
    const row = el('tr');
    const cell = el('td', 'muted', 'no live nodes');
    cell.colSpan = 4;
    row.append(cell);
    rows.push(row);
  }
  $('#cluster-nodes').replaceChildren(...rows);
  highlightSocketNode(client.state.nodeId);
}

function highlightSocketNode(nodeId) {
  for (const row of document.querySelectorAll('#cluster-nodes tr[data-node]')) {
    const mine = row.dataset.node === nodeId;
    row.classList.toggle('mine', mine);
    const marker = row.querySelector('.marker');
    if (marker) {
      marker.textContent = mine ? 'your socket' : '';
    }
  }
}

// ---- requests ---------------------------------------------------------------------------------

const cards = new Map();
const latest = new Map();

function paramsText(request) {
  const payload = request.payload ?? {};
  switch (request.type) {
    case 'report':
      return `${payload.steps} steps × ${payload.stepMillis} ms`;
    case 'flaky':
      return `fails ${payload.failTimes}×`;
    case 'echo':
      return json(payload);
    default:
      return '';
  }
}

function statusText(request) {
  if (request.lost) {
    return 'LOST';
  }
  // A deadline that passed is not the job's own failure: shown apart.
  if (request.status === 'FAILED' && request.error?.code === 'deadline_exceeded') {
    return 'TIMED OUT';
  }
  return request.status;
}

function elapsed(request) {
  const start = request.createdAt ? Date.parse(request.createdAt) : request.submittedAt;
  const end = isTerminal(request.status) ? request.finishedAt : Date.now();
  return duration(end - start);
}

// The reply was consumed on one node and pushed to the socket by another.
function crossed(route) {
  return Boolean(route.receivedBy && route.deliveredBy && route.receivedBy !== route.deliveredBy);
}

// Long histories show their first and last updates; the rest on demand.
const SHOWN_STEPS = 10;
const expanded = new Set();

function stepList(request) {
  const steps = el('ol', 'steps');
  const history = request.history;
  if (history.length <= SHOWN_STEPS + 2 || expanded.has(request.correlationId)) {
    steps.append(...history.map(stepRow));
    return steps;
  }
  const hidden = history.length - SHOWN_STEPS - 1;
  const more = el('li', 'more');
  const button = el('button', 'link', `⋯ ${hidden} more updates`);
  button.type = 'button';
  button.addEventListener('click', () => {
    expanded.add(request.correlationId);
    renderRequest(latest.get(request.correlationId));
  });
  more.append(button);
  steps.append(stepRow(history[0]), more, ...history.slice(-SHOWN_STEPS).map(stepRow));
  return steps;
}

function stepRow(step) {
  const row = el('li', 'step');
  const route = step.route ?? {};
  row.dataset.seq = String(step.seq);
  row.dataset.status = step.status;
  row.dataset.via = route.via ?? '';
  const what = step.status === 'RUNNING' && step.progress != null ? `${step.progress}%` : step.status;
  row.append(el('span', 'seq', `#${step.seq}`), el('span', `what st-${step.status}`, what));
  const path = el('span', 'path');
  if (route.via === 'poll' || route.via === 'submit') {
    path.append(el('span', 'muted', route.via === 'submit' ? 'accepted by' : 'read over HTTP from'), nodeChip(route.acceptedBy));
  } else {
    path.append(
      nodeChip(route.acceptedBy, 'accepted by'),
      el('span', 'arrow', '→'),
      nodeChip(route.receivedBy, 'reply received by'),
      el('span', 'arrow', '→'),
      nodeChip(route.deliveredBy, 'pushed by'),
    );
  }
  row.append(path, el('span', `via via-${route.via}`, route.via));
  if (crossed(route)) {
    row.classList.add('crossed');
    const tag = el('span', 'cross-tag', '⇄');
    tag.title = 'crossed nodes';
    row.append(tag);
  }
  return row;
}

function renderRequest(request) {
  latest.set(request.correlationId, request);
  let card = cards.get(request.correlationId);
  if (!card) {
    card = el('li', 'request');
    card.dataset.id = request.correlationId;
    cards.set(request.correlationId, card);
    $('#requests').prepend(card);
  }
  const status = statusText(request);
  card.dataset.status = status;
  card.dataset.progress = String(request.progress ?? 0);
  card.className = `request status-${status.toLowerCase().replace(' ', '-')}`;

  const head = el('div', 'req-head');
  const type = el('span', 'type', request.type ?? 'request');
  const id = el('code', 'id', short(request.correlationId));
  id.title = request.correlationId;
  head.append(type, id, el('span', 'params', paramsText(request)), el('span', 'spacer'), el('span', 'status', status));
  const time = el('span', 'elapsed', elapsed(request));
  time.title = isTerminal(request.status) ? 'from acceptance to the terminal update' : 'since acceptance';
  head.append(time);

  const bar = el('div', 'bar');
  const fill = el('div', 'fill');
  fill.style.width = `${Math.max(0, Math.min(100, request.progress ?? 0))}%`;
  bar.append(fill);
  bar.setAttribute('role', 'progressbar');
  bar.setAttribute('aria-valuenow', String(request.progress ?? 0));
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', '100');

  const parts = [head, bar];
  const detail = el('div', 'detail');
  if (request.stage && !isTerminal(request.status)) {
    detail.append(el('span', 'stage', request.stage));
  }
  if (request.status === 'SUCCEEDED') {
    detail.append(el('span', 'label', 'result'), el('code', 'result', json(request.result)));
  }
  if (request.error) {
    detail.append(el('span', 'label', 'error'), el('span', 'error', `${request.error.code}: ${request.error.message}`));
  }
  if (request.status === 'QUEUED' || request.status === 'RUNNING' || request.status === 'UNSENT') {
    const cancel = el('button', 'link cancel', 'cancel');
    cancel.type = 'button';
    cancel.addEventListener('click', () => {
      cancel.disabled = true;
      client.cancel(request.correlationId);
    });
    detail.append(cancel);
  }
  if (request.callback) {
    const calls = `${request.callback.attempts} call${request.callback.attempts === 1 ? '' : 's'}`;
    const callback = el('span', 'muted callback', `callback ${request.callback.state} (${calls})`);
    callback.title = request.callback.url;
    detail.append(callback);
  }
  if (request.deadline && !isTerminal(request.status) && !request.lost) {
    const deadline = el('span', 'muted deadline', `deadline ${new Date(request.deadline).toLocaleTimeString()}`);
    deadline.title = request.deadline;
    detail.append(deadline);
  }
  if (request.status === 'UNSENT') {
    const retry = el('button', 'link', 'send again');
    retry.type = 'button';
    retry.addEventListener('click', () => client.retry(request.correlationId));
    detail.append(retry);
  }
  if (request.lost) {
    detail.append(el('span', 'muted', 'the server no longer knows this request (new identity or expired)'));
  }
  if (detail.childElementCount > 0) {
    parts.push(detail);
  }
  parts.push(stepList(request));
  card.replaceChildren(...parts);
  $('#requests-empty').hidden = cards.size > 0;
}

function tick() {
  for (const request of latest.values()) {
    if (!isTerminal(request.status) && request.status !== 'REJECTED' && request.status !== 'UNSENT') {
      const card = cards.get(request.correlationId);
      const time = card?.querySelector('.elapsed');
      if (time) {
        time.textContent = elapsed(request);
      }
    }
  }
}

$('#clear-finished').addEventListener('click', () => {
  client.clearFinished();
  const kept = new Set(client.requests().map((r) => r.correlationId));
  for (const [id, card] of cards) {
    if (!kept.has(id)) {
      card.remove();
      cards.delete(id);
      latest.delete(id);
    }
  }
  $('#requests-empty').hidden = cards.size > 0;
});

// ---- the form ---------------------------------------------------------------------------------

const form = $('#submit-form');

function selectedType() {
  return form.elements.namedItem('type').value;
}

function showParams() {
  const type = selectedType();
  for (const params of form.querySelectorAll('.params')) {
    const active = params.dataset.for === type;
    params.hidden = !active;
    for (const input of params.querySelectorAll('input')) {
      input.disabled = !active;
    }
  }
}

function payloadOf(type) {
  const value = (name) => form.elements.namedItem(name).value;
  switch (type) {
    case 'report':
      return { steps: Number(value('steps')), stepMillis: Number(value('stepMillis')) };
    case 'flaky':
      return { failTimes: Number(value('failTimes')) };
    case 'echo': {
      const text = value('message');
      try {
        const parsed = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
          return parsed;
        }
      } catch {
        // Plain text.
      }
      return { message: text };
    }
    default:
      return {};
  }
}

form.addEventListener('change', (event) => {
  if (event.target.name === 'type') {
    showParams();
  }
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const type = selectedType();
  $('#form-error').hidden = true;
  const timeout = Number(form.elements.namedItem('timeoutSeconds').value);
  const options = timeout > 0 ? { timeoutMillis: Math.round(timeout * 1000) } : {};
  client.submit(type, payloadOf(type), options).then((request) => {
    if (request?.status === 'REJECTED') {
      $('#form-error').textContent = `Refused: ${request.error.message}`;
      $('#form-error').hidden = false;
    }
  });
});

// ---- start ------------------------------------------------------------------------------------

client.on('event', ({ id, type, data, eventId }) => {
  $('#events-empty').hidden = true;
  const item = el('li', 'event');
  item.append(el('code', 'event-type', type), el('span', 'muted', ` ${short(id)} · ${eventId}`));
  item.append(el('pre', 'event-data', JSON.stringify(data)));
  $('#events').prepend(item);
});
client.on('update', renderRequest);
client.on('state', renderState);
client.on('session', ({ previousClientId }) => {
  $('#form-error').textContent = `The identity ${short(previousClientId)} was refused: this page now has a new one.`;
  $('#form-error').hidden = false;
});

showParams();
for (const request of client.requests()) {
  renderRequest(request);
}
renderState(client.state);
client.start();
refreshCluster();
setInterval(refreshCluster, 2000);
setInterval(tick, 250);
