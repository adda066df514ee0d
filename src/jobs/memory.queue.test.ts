import { createLogger } from '../observability/logger.js';
import { MemoryQueue } from './memory.queue.js';
import { queueContract } from './queue.contract.js';

queueContract('MemoryQueue', async (concurrency) => {
  const queue = new MemoryQueue({ concurrency, logger: createLogger('silent') });
  return { queue, cleanup: () => queue.close(0) };
});
