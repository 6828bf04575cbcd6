'use strict';
// A worker: takes jobs from the jobs queue (prefetch 100), publishes each one's terminal update to the reply
// queue with a publisher confirm, and acks the job only once the update is confirmed.
//
//   AMQP_URL=... NODE_ID=worker-1 node worker.js

const { settings, log, connectAmqp, declareQueues, publishConfirmed, onStop } = require('./common');

function run(job) {
  switch (job.type) {
    case 'echo':
      return { status: 'SUCCEEDED', result: job.payload ?? {} };
    default:
      return { status: 'FAILED', error: { code: 'unknown_type', message: `no job type '${job.type}'` } };
  }
}

async function main() {
  const connection = await connectAmqp();
  const channel = await connection.createConfirmChannel();
  await declareQueues(channel);
  await channel.prefetch(settings.prefetch);
  await channel.consume(settings.jobs, (message) => {
    if (message === null) return;
    let job;
    try {
      job = JSON.parse(message.content.toString());
    } catch (err) {
      log(`dropping an unreadable job: ${err.message}`);
      channel.nack(message, false, false);
      return;
    }
    const update = { correlationId: job.correlationId, clientId: job.clientId, ...run(job) };
    publishConfirmed(channel, settings.replies, update, job.correlationId).then(
      () => channel.ack(message),
      (err) => {
        log(`update of ${job.correlationId} not confirmed: ${err.message}`);
        channel.nack(message, false, true);
      },
    );
  });
  log(`consuming ${settings.jobs} (prefetch ${settings.prefetch}), replying on ${settings.replies}`);
  onStop(() => connection.close());
}

main().catch((err) => {
  log(`failed: ${err.stack || err}`);
  process.exit(1);
});
