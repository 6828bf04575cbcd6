#!/usr/bin/env node
// Bytes of Redis that Backchannel keeps per request, per inbox event and per socket, measured on a
// running cluster (deploy/local/cluster.sh up) with Redis' own MEMORY USAGE: one client submits
// --requests echo jobs over HTTP, waits for their ends, and the script reads the keys they left.
// The figures feed docs/scaling.md.
//
//   node scripts/sizing.mjs [--base=http://localhost:8080] [--requests=500] [--redis-port=6379]
//                           [--redis-host=127.0.0.1] [--out=FILE.json]
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [name, ...value] = arg.replace(/^--/, '').split('=');
    return [name, value.join('=')];
  }),
);
const base = args.base ?? 'http://localhost:8080';
const count = Number(args.requests ?? 500);
const redisArgs = ['-h', args['redis-host'] ?? '127.0.0.1', '-p', args['redis-port'] ?? '6379'];

function redis(...command) {
  return execFileSync('redis-cli', [...redisArgs, ...command], { encoding: 'utf8' }).trim();
}

function bytes(key) {
  const value = Number(redis('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
  return Number.isFinite(value) ? value : 0;
}

async function json(response) {
  if (!response.ok) {
    throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}

console.log(`sizing against ${base}: ${count} echo requests of one client, then MEMORY USAGE of what they left`);
const session = await json(await fetch(`${base}/api/sessions`, { method: 'POST' }));
const auth = { Authorization: `Bearer ${session.token}` };
const ids = [];
for (let i = 0; i < count; i += 20) {
  const batch = Array.from({ length: Math.min(20, count - i) }, () => randomUUID());
  await Promise.all(
    batch.map(async (id) => {
      for (let attempt = 0; ; attempt++) {
        const response = await fetch(`${base}/api/requests`, {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ correlationId: id, type: 'echo', payload: { text: 'hello, sizing' } }),
        });
        if (response.status === 202 || response.status === 200) {
          break;
        }
        if (attempt > 20 || (response.status !== 429 && response.status !== 503)) {
          throw new Error(`POST ${id}: ${response.status} ${await response.text()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }),
  );
  ids.push(...batch);
  process.stdout.write(`\r  submitted ${ids.length}/${count}`);
}
process.stdout.write('\n');
for (let round = 0; ; round++) {
  const page = await json(await fetch(`${base}/api/requests?status=QUEUED,RUNNING&limit=100`, { headers: auth }));
  if (page.requests.length === 0) {
    break;
  }
  if (round > 600) {
    throw new Error(`${page.requests.length} requests still unfinished after a minute`);
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
console.log('  every request ended');

const c = session.clientId;
const records = ids.map((id) => bytes(`bc:{${c}}:req:${id}`));
const recordBytes = records.reduce((a, b) => a + b, 0) / records.length;
const events = Number(redis('XLEN', `bc:{${c}}:inbox`));
const inboxBytes = bytes(`bc:{${c}}:inbox`);
const listBytes = bytes(`bc:{${c}}:requests`);
// A socket's presence entry, written as a node writes it, on a scratch key: 1,000 fields.
const scratch = `bc:{sizing-${randomUUID()}}:presence`;
const before = bytes(scratch);
for (let i = 0; i < 1000; i += 100) {
  const fields = [];
  for (let j = i; j < i + 100; j++) {
    fields.push(`node-1|${randomUUID()}`, String(Date.now() + 15000));
  }
  redis('HSET', scratch, ...fields);
}
const presenceBytes = (bytes(scratch) - before) / 1000;
redis('DEL', scratch);

const figures = {
  requests: count,
  recordBytesPerRequest: Math.round(recordBytes),
  inboxEvents: events,
  inboxBytesPerEvent: Math.round(inboxBytes / Math.max(events, 1)),
  listIndexBytesPerRequest: Math.round(listBytes / count),
  presenceBytesPerSocket: Math.round(presenceBytes),
};
console.log('');
const rows = [
  ['record, per request (kept 24 h after its end)', figures.recordBytesPerRequest],
  [`inbox, per event (${events} events)`, figures.inboxBytesPerEvent],
  ['request list index, per request', figures.listIndexBytesPerRequest],
  ['presence, per socket', figures.presenceBytesPerSocket],
];
for (const [what, value] of [['what', 'bytes'], ['----', '-----'], ...rows]) {
  console.log(`${String(what).padEnd(48)}${String(value).padStart(6)}`);
}
if (args.out) {
  writeFileSync(args.out, JSON.stringify(figures, null, 2));
  console.log(`figures: ${args.out}`);
}
