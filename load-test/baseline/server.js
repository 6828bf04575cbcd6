'use strict';
// A web server of the baseline: Socket.IO 4 with the Redis adapter, and the job intake.
//
//   POST /api/requests {correlationId, clientId, type, payload}: publishes the job on a confirm channel to the jobs
//       queue and answers 202 once the broker confirmed it (503 when it did not).
//   GET /health: 200 once RabbitMQ and Redis are connected.
//   Socket.IO (WebSocket transport only): a client joins the room named after its clientId (handshake auth); it is
//       sent a "welcome" event {nodeId}, then an "update" event {correlationId, status, result|error, receivedBy} for
//       each of its jobs.
//   It consumes the reply queue (competing with the other servers, prefetch 100) and emits each update to the
//       client's room; the Redis adapter carries it to the server that holds the socket. Then it acks.
//
//   PORT=3101 NODE_ID=baseline-1 AMQP_URL=... REDIS_URL=... node server.js

const http = require('node:http');
const Redis = require('ioredis');
const { Server } = require('socket.io');
const { createAdapter } = require('@socket.io/redis-adapter');
const { settings, log, connectAmqp, declareQueues, publishConfirmed, onStop } = require('./common');

const PORT = Number(process.env.PORT || 3101);
const HOST = process.env.HOST || '127.0.0.1';
const MAX_BODY = 1 << 20;

let ready = false;
let jobs = null; // the confirm channel jobs are published on

function answer(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function submit(req, res) {
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) {
      answer(res, 413, { error: 'body too large' });
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    let job;
    try {
      job = JSON.parse(Buffer.concat(chunks).toString());
    } catch {
      answer(res, 400, { error: 'not JSON' });
      return;
    }
    const { correlationId, clientId, type, payload } = job ?? {};
    if (typeof correlationId !== 'string' || typeof clientId !== 'string' || typeof type !== 'string') {
      answer(res, 400, { error: 'correlationId, clientId and type are required strings' });
      return;
    }
    publishConfirmed(jobs, settings.jobs, { correlationId, clientId, type, payload }, correlationId).then(
      () => answer(res, 202, { correlationId }),
      (err) => answer(res, 503, { error: `not confirmed: ${err.message}` }),
    );
  });
}

function route(req, res) {
  if (req.method === 'POST' && req.url === '/api/requests') {
    if (!ready) {
      answer(res, 503, { error: 'starting' });
      return;
    }
    submit(req, res);
  } else if (req.method === 'GET' && req.url === '/health') {
    answer(res, ready ? 200 : 503, { nodeId: settings.nodeId, ready });
  } else {
    answer(res, 404, { error: 'not found' });
  }
}

async function main() {
  const pub = new Redis(settings.redisUrl);
  const sub = pub.duplicate();
  const httpServer = http.createServer(route);
  // WebSocket only, as a cluster without sticky sessions must run it; no client bundle served.
  const io = new Server(httpServer, {
    transports: ['websocket'],
    serveClient: false,
    adapter: createAdapter(pub, sub, { key: 'baseline' }),
  });
  io.on('connection', (socket) => {
    const clientId = socket.handshake.auth?.clientId;
    if (typeof clientId !== 'string' || clientId === '') {
      socket.disconnect(true);
      return;
    }
    socket.join(clientId);
    socket.emit('welcome', { nodeId: settings.nodeId });
  });

  const connection = await connectAmqp();
  jobs = await connection.createConfirmChannel();
  await declareQueues(jobs);
  const replies = await connection.createChannel();
  await replies.prefetch(settings.prefetch);
  await replies.consume(settings.replies, (message) => {
    if (message === null) return;
    try {
      const update = JSON.parse(message.content.toString());
      const { clientId, ...event } = update;
      if (typeof clientId === 'string') {
        io.to(clientId).emit('update', { ...event, receivedBy: settings.nodeId });
      }
    } catch (err) {
      log(`dropping an unreadable update: ${err.message}`);
    }
    replies.ack(message);
  });

  await new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(PORT, HOST, resolve);
  });
  ready = true;
  log(`listening on http://${HOST}:${PORT}/ (Socket.IO, POST /api/requests); jobs to ${settings.jobs}, updates from ${settings.replies}`);
  onStop(async () => {
    ready = false;
    io.close();
    await connection.close();
    pub.disconnect();
    sub.disconnect();
  });
}

main().catch((err) => {
  log(`failed: ${err.stack || err}`);
  process.exit(1);
});
