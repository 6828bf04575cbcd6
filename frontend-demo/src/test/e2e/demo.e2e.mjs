// Browser end-to-end tests of the demo page against a running cluster.
//
//   node src/test/e2e/demo.e2e.mjs [--out=DIR] http://127.0.0.1:PORT_A http://127.0.0.1:PORT_B ...
//
// Needs at least two web nodes (and a worker, Redis and RabbitMQ behind them). A small TCP
// balancer in front of the nodes plays the load balancer: round robin, no stickiness, so the page
// has one origin, as behind nginx. WebSocket connections rotate over the nodes on their own
// counter, so a socket that drops always comes back on another node.
//
// Drives Debian's /usr/bin/chromium (or $CHROMIUM) with playwright-core; installs chromium with
// apt-get when it is missing and we are root. Nothing here downloads a browser build.
// Screenshots land in DIR (default target/e2e).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const out = resolve(
  args.find((a) => a.startsWith('--out='))?.slice(6) ?? join(dirname(fileURLToPath(import.meta.url)), '../../../target/e2e'),
);
const nodes = args.filter((a) => !a.startsWith('--')).map((a) => new URL(a));
if (nodes.length < 2) {
  console.error('usage: demo.e2e.mjs [--out=DIR] <web node URL> <web node URL> [...]  (two nodes or more)');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const STEP = 30_000;

function ensureChromium() {
  if (existsSync(executablePath)) {
    return;
  }
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`${executablePath} is missing: install Debian's chromium (apt-get install chromium)`);
  }
  console.log('installing chromium with apt-get');
  const install = spawnSync(
    'sh',
    ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null'],
    { stdio: 'inherit' },
  );
  if (install.status !== 0 || !existsSync(executablePath)) {
    throw new Error('could not install chromium');
  }
}

/** Round-robin TCP balancer; WebSocket upgrades rotate on a counter of their own. */
function startBalancer(backends) {
  let httpTurn = 0;
  let wsTurn = 0;
  const sockets = new Set();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.once('data', (first) => {
      client.pause();
      const websocket = /^GET \/ws[ ?]/.test(first.toString('latin1', 0, 12));
      const backend = backends[(websocket ? wsTurn++ : httpTurn++) % backends.length];
      const upstream = net.connect(Number(backend.port), backend.hostname, () => {
        upstream.write(first);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      sockets.add(upstream);
      upstream.on('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
  });
  return new Promise((ready) => {
    server.listen(0, '127.0.0.1', () =>
      ready({
        url: `http://127.0.0.1:${server.address().port}/`,
        close: () => {
          sockets.forEach((s) => s.destroy());
          return new Promise((done) => server.close(done));
        },
      }),
    );
  });
}

let balancer;
let browser;
let page;
const consoleErrors = [];

before(async () => {
  ensureChromium();
  mkdirSync(out, { recursive: true });
  balancer = await startBalancer(nodes);
  browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(STEP);
  page.on('console', (message) => {
    if (message.type() === 'error') {
      consoleErrors.push(message.text());
    }
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  await page.goto(balancer.url);
  await page.waitForSelector('#conn-state[data-state="open"]');
});

after(async () => {
  await browser?.close();
  await balancer?.close();
});

/** Fills the form for one job type, submits, and answers the new request's correlation id. */
async function submit(type, params = {}) {
  const known = await page.$$eval('li.request', (cards) => cards.map((c) => c.dataset.id));
  await page.click(`.types input[value="${type}"] + span`);
  for (const [name, value] of Object.entries(params)) {
    await page.fill(`[data-for="${type}"] [name="${name}"]`, String(value));
  }
  await page.click('#submit-button');
  const card = await page.waitForFunction(
    (ids) => [...document.querySelectorAll('li.request')].map((c) => c.dataset.id).find((id) => !ids.includes(id)),
    known,
  );
  return card.jsonValue();
}

function card(id, status) {
  return `li.request[data-id="${id}"]${status ? `[data-status="${status}"]` : ''}`;
}

/** The rows of one request: exactly one card, its updates in strictly increasing seq. */
async function assertOneCardInOrder(id) {
  assert.equal(await page.locator(card(id)).count(), 1, 'one card per request');
  const more = page.locator(`${card(id)} .more button`);
  if ((await more.count()) > 0) {
    await more.click();
  }
  const seqs = await page.$$eval(`${card(id)} .step`, (rows) => rows.map((r) => Number(r.dataset.seq)));
  assert.ok(seqs.length > 1, `updates shown: ${seqs}`);
  for (let i = 1; i < seqs.length; i++) {
    assert.ok(seqs[i] > seqs[i - 1], `updates out of order or repeated: ${seqs}`);
  }
  return seqs;
}

/**
 * Every event of the request's inbox shown once, none missing: seq 0 (the POST's answer), then
 * 1, 2, ... up to the terminal one. The POST's answer is older than any update, so when the first
 * update overtakes it the client rightly drops it and the rows start at 1. The worker sends
 * `updates` (QUEUED, start, each step, SUCCEEDED); an intermediate progress update overtaken by a
 * later one on another consumer is dropped as stale before it becomes an event (by design), so the
 * inbox may hold fewer.
 */
async function assertEveryEventOnce(id, updates) {
  const seqs = await assertOneCardInOrder(id);
  const first = seqs[0];
  const last = seqs.at(-1);
  assert.ok(first <= 1, `the first row is the POST's answer or the first update: ${seqs}`);
  assert.deepEqual(seqs, Array.from({ length: last - first + 1 }, (_, i) => first + i), `none lost, none twice: ${seqs}`);
  assert.ok(last <= updates, `at most ${updates} events: ${seqs}`);
  const status = await page.getAttribute(`${card(id)} .step[data-seq="${last}"]`, 'data-status');
  assert.equal(status, 'SUCCEEDED', 'the last event is the terminal one');
}

async function watchProgress(id) {
  await page.evaluate((selector) => {
    window.__progress = [];
    const observer = new MutationObserver(() => {
      const el = document.querySelector(selector);
      if (el) {
        window.__progress.push(Number(el.dataset.progress));
      }
    });
    observer.observe(document.querySelector('#requests'), { subtree: true, attributes: true, childList: true });
  }, card(id));
}

function assertNoConsoleErrors() {
  assert.deepEqual(consoleErrors, [], 'the page logged errors');
}

test('a report job reaches SUCCEEDED with visible progress', async () => {
  const id = await submit('report', { steps: 5, stepMillis: 300 });
  await watchProgress(id);
  await page.waitForSelector(card(id, 'SUCCEEDED'));
  const seen = await page.evaluate(() => window.__progress);
  const partial = [...new Set(seen.filter((p) => p > 0 && p < 100))];
  assert.ok(partial.length >= 2, `progress seen along the way: ${seen}`);
  assert.equal(await page.getAttribute(`${card(id)} .bar`, 'aria-valuenow'), '100');
  assert.match(await page.textContent(`${card(id)} .result`), /"steps":5/);
  assert.match(await page.textContent(`${card(id)} .elapsed`), /\d/);
  assert.ok((await page.locator(`${card(id)} .step .node`).count()) > 0, 'each update shows its nodes');
  await assertOneCardInOrder(id);
  assertNoConsoleErrors();
});

test('a reload mid-job finds the request again, and it finishes', async () => {
  const id = await submit('report', { steps: 8, stepMillis: 400 });
  await page.waitForFunction((selector) => Number(document.querySelector(selector)?.dataset.progress) >= 25, card(id));
  await page.reload();
  await page.waitForSelector(card(id));
  await page.waitForSelector('#conn-state[data-state="open"]');
  await page.waitForSelector(card(id, 'SUCCEEDED'));
  await assertEveryEventOnce(id, 10);
  assertNoConsoleErrors();
});

test('a dropped socket resumes on another node, with no duplicate rows', async () => {
  const id = await submit('report', { steps: 10, stepMillis: 300 });
  await page.waitForFunction((selector) => Number(document.querySelector(selector)?.dataset.progress) > 0, card(id));
  const before = await page.getAttribute('#conn-node', 'data-node');
  const reconnects = Number(await page.textContent('#conn-reconnects'));
  assert.ok(before, 'the socket is on a node');
  await page.click('#drop-socket');
  await page.waitForFunction(
    (node) => {
      const now = document.querySelector('#conn-node').dataset.node;
      return document.querySelector('#conn-state').dataset.state === 'open' && now && now !== node;
    },
    before,
  );
  assert.equal(Number(await page.textContent('#conn-reconnects')), reconnects + 1);
  await page.waitForSelector(card(id, 'SUCCEEDED'));
  await assertEveryEventOnce(id, 12);
  assertNoConsoleErrors();
});

test('every job type, on screen: screenshots of the page on a desktop and a phone', async () => {
  const echo = await submit('echo', { message: '{"hello":"backchannel"}' });
  const flaky = await submit('flaky', { failTimes: 1 });
  const poison = await submit('poison');
  const running = await submit('report', { steps: 40, stepMillis: 500 });
  await page.waitForSelector(card(echo, 'SUCCEEDED'));
  assert.match(await page.textContent(`${card(echo)} .result`), /"hello":"backchannel"/);
  await page.waitForSelector(card(flaky, 'SUCCEEDED'));
  await page.waitForSelector(card(poison, 'FAILED'));
  assert.match(await page.textContent(`${card(poison)} .error`), /\w+: /);
  await page.waitForFunction((selector) => Number(document.querySelector(selector)?.dataset.progress) >= 10, card(running));
  const liveNodes = await page.locator('#cluster-nodes tr[data-node]').count();
  assert.ok(liveNodes >= nodes.length, `cluster panel lists ${liveNodes} nodes`);
  assert.equal(await page.locator('#cluster-nodes tr.mine').count(), 1, 'the socket node is marked');
  await page.screenshot({ path: join(out, 'demo-desktop.png'), fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways on a phone by ${overflow}px`);
  await page.screenshot({ path: join(out, 'demo-phone.png'), fullPage: false });
  await page.locator(card(flaky)).screenshot({ path: join(out, 'demo-phone-request.png') });
  await page.setViewportSize({ width: 1280, height: 900 });
  assertNoConsoleErrors();
  console.log(`screenshots in ${out}`);
});
