import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { deleteKeys, scanKeys } from '../../../test/helpers/redis-keys.js';
import { useRedisServer } from '../../../test/helpers/redis-server.js';
import { idempotencyContract } from '../idempotency.contract.js';
import { RedisIdempotency } from './redis.idempotency.js';

const redis = useRedisServer();
let tests = 0;

if (redis !== undefined) {
  idempotencyContract('RedisIdempotency', async (now) => {
    const prefix = `serenya:idem-test-${++tests}`;
    const connection = new Redis(redis.server.url);
    return {
      store: new RedisIdempotency({ redis: connection, now, prefix }),
      cleanup: async () => {
        await deleteKeys(connection, `${prefix}:*`);
        await connection.quit();
      },
    };
  });

  describe('RedisIdempotency on Redis', () => {
    it('holds each key with a TTL ending at its expiry, and frees it on release', async () => {
      const connection = new Redis(redis.server.url);
      const prefix = `serenya:idem-ttl-${++tests}`;
      try {
        const now = Date.now();
        const store = new RedisIdempotency({ redis: connection, prefix });
        assert.equal(await store.claim('owner-hash:key', 'job-a', now + 60_000), 'job-a');
        const [key] = await scanKeys(connection, `${prefix}:*`);
        assert.ok(key !== undefined);
        const ttl = await connection.pttl(key);
        assert.ok(ttl > 55_000 && ttl <= 60_000, `TTL ${ttl} ms`);
        assert.equal(await store.claim('owner-hash:key', 'job-b', now + 60_000), 'job-a');
        await store.release('owner-hash:key', 'job-a');
        assert.deepEqual(await scanKeys(connection, `${prefix}:*`), []);
      } finally {
        await connection.quit();
      }
    });

    it('gives a key to exactly one of many concurrent claimers', async () => {
      const connection = new Redis(redis.server.url);
      const prefix = `serenya:idem-race-${++tests}`;
      try {
        const stores = [0, 1, 2, 3].map(() => new RedisIdempotency({ redis: connection, prefix }));
        const expiresAt = Date.now() + 60_000;
        const holders = await Promise.all(
          stores.map((store, i) => store.claim('key', `job-${i}`, expiresAt)),
        );
        assert.equal(new Set(holders).size, 1);
      } finally {
        await deleteKeys(connection, `${prefix}:*`);
        await connection.quit();
      }
    });
  });
}
