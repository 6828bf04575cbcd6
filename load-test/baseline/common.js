'use strict';
// What the servers and workers share: settings from the environment, the AMQP connection and the queues.

const amqp = require('amqplib');

const settings = {
  nodeId: process.env.NODE_ID || `baseline-${process.pid}`,
  amqpUrl: process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672',
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  jobs: process.env.JOBS_QUEUE || 'baseline.jobs',
  replies: process.env.REPLIES_QUEUE || 'baseline.replies',
  // Unacknowledged deliveries per consumer (bench.sh runs PerfTest with the same).
  prefetch: Number(process.env.PREFETCH || 100),
};

// Set once the process is stopping: a closing connection is then expected.
let stopping = false;

// Durable quorum queues: replicated, fsynced log; the same guarantees as Backchannel's queues.
const QUEUE = { durable: true, arguments: { 'x-queue-type': 'quorum' } };

function log(message) {
  console.log(`${new Date().toISOString()} ${settings.nodeId} ${message}`);
}

// One connection with TCP_NODELAY: confirms and small messages must not wait for Nagle's algorithm.
// A lost connection ends the process; nothing here recovers (the benchmark would see the loss).
async function connectAmqp() {
  const connection = await amqp.connect(settings.amqpUrl, {
    noDelay: true,
    clientProperties: { connection_name: settings.nodeId },
  });
  connection.on('error', (err) => log(`AMQP connection error: ${err.message}`));
  connection.on('close', () => {
    if (!stopping) {
      log('AMQP connection closed; exiting');
      process.exit(1);
    }
  });
  return connection;
}

async function declareQueues(channel) {
  await channel.assertQueue(settings.jobs, QUEUE);
  await channel.assertQueue(settings.replies, QUEUE);
}

// Publishes on a confirm channel; resolves once the broker has confirmed (persisted) the message.
function publishConfirmed(channel, queue, body, messageId) {
  return new Promise((resolve, reject) => {
    channel.sendToQueue(
      queue,
      Buffer.from(JSON.stringify(body)),
      { persistent: true, contentType: 'application/json', messageId },
      (err) => (err ? reject(err) : resolve()),
    );
  });
}

// From now on a closing AMQP connection is expected, not a failure.
function expectClose() {
  stopping = true;
}

// Closes what `close` closes on SIGTERM or SIGINT, then exits.
function onStop(close) {
  const stop = async (signal) => {
    if (stopping) return;
    expectClose();
    log(`${signal}: stopping`);
    try {
      await close();
    } catch (err) {
      log(`while stopping: ${err.message}`);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

module.exports = { settings, log, connectAmqp, declareQueues, publishConfirmed, onStop, expectClose };
