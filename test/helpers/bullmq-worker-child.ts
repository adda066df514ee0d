// A worker process for fault tests: its handler never finishes; it prints "started <jobId>"
// for each run, so the parent can kill it mid-job.
import { BullMqQueue } from '../../src/jobs/redis/bullmq.queue.js';
import { createLogger } from '../../src/observability/logger.js';

const [url, prefix] = process.argv.slice(2);
if (url === undefined || prefix === undefined) throw new Error('usage: <redis url> <prefix>');
const queue = new BullMqQueue({
  connection: { url },
  prefix,
  concurrency: 1,
  logger: createLogger('silent'),
  lockDurationMs: 1000,
  stalledIntervalMs: 300,
});
queue.start(async (jobId) => {
  process.stdout.write(`started ${jobId}\n`);
  await new Promise<never>(() => undefined);
});
process.stdout.write('ready\n');
