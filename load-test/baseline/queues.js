'use strict';
// Declares the baseline's queues, or deletes them: node queues.js declare|delete

const { settings, connectAmqp, declareQueues, expectClose } = require('./common');

async function main(command) {
  const connection = await connectAmqp();
  const channel = await connection.createChannel();
  if (command === 'declare') {
    await declareQueues(channel);
    console.log(`declared ${settings.jobs} and ${settings.replies} (durable, quorum)`);
  } else if (command === 'delete') {
    for (const queue of [settings.jobs, settings.replies]) {
      const { messageCount } = await channel.deleteQueue(queue);
      console.log(`deleted ${queue} (${messageCount} messages left in it)`);
    }
  } else {
    throw new Error('usage: node queues.js declare|delete');
  }
  expectClose();
  await connection.close();
}

main(process.argv[2]).catch((err) => {
  console.error(`queues.js: ${err.message}`);
  process.exit(1);
});
