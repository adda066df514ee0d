import { Redis } from 'ioredis';
import { after } from 'node:test';
import { deleteKeys } from '../../../test/helpers/redis-keys.js';
import { useRedisServer } from '../../../test/helpers/redis-server.js';
import { createLogger } from '../../observability/logger.js';
import { queueContract } from '../queue.contract.js';
import { BullMqQueue } from './bullmq.queue.js';

const redis = useRedisServer();

if (redis !== undefined) {
  let admin: Redis | undefined;
  let queues = 0;
  after(async () => {
    await admin?.quit();
  });

  queueContract('BullMqQueue', async (concurrency) => {
    const prefix = `bull-contract-${++queues}`;
    const queue = new BullMqQueue({
      connection: { url: redis.server.url },
      prefix,
      concurrency,
      logger: createLogger('silent'),
    });
    return {
      queue,
      cleanup: async () => {
        await queue.close(0);
        admin ??= new Redis(redis.server.url);
        await deleteKeys(admin, `${prefix}:*`);
      },
    };
  });
}
