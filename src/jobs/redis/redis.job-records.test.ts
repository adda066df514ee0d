import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { JobRecord } from '../../domain/job.js';
import { deleteKeys, scanKeys } from '../../../test/helpers/redis-keys.js';
import { useRedisServer } from '../../../test/helpers/redis-server.js';
import { jobRecordsContract, sampleRecord } from '../job-records.contract.js';
import { RedisJobRecords } from './redis.job-records.js';

const redis = useRedisServer();
/** TTLs count from the writer's clock reading, so a key may outlive it by the write's latency. */
const LATENCY_SLACK_MS = 10;
let prefixes = 0;
const freshPrefix = () => `serenya:records-test-${++prefixes}`;

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 5000) {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

if (redis !== undefined) {
  jobRecordsContract('RedisJobRecords', async (now) => {
    const prefix = freshPrefix();
    const connection = new Redis(redis.server.url);
    const store = new RedisJobRecords({ redis: connection, now, prefix });
    await store.ready();
    return {
      store,
      cleanup: async () => {
        await store.close();
        await deleteKeys(connection, `${prefix}:*`);
        await connection.quit();
      },
    };
  });

  describe('RedisJobRecords on Redis', () => {
    let connection: Redis;
    before(() => {
      connection = new Redis(redis.server.url);
    });
    after(async () => {
      await connection.quit();
    });

    /** Two stores on two connections, standing in for two processes. */
    async function twoStores(
      body: (a: RedisJobRecords, b: RedisJobRecords, prefix: string) => Promise<void>,
    ) {
      const prefix = freshPrefix();
      const other = new Redis(redis!.server.url);
      const a = new RedisJobRecords({ redis: connection, prefix });
      const b = new RedisJobRecords({ redis: other, prefix });
      await Promise.all([a.ready(), b.ready()]);
      try {
        await body(a, b, prefix);
      } finally {
        await Promise.all([a.close(), b.close()]);
        await deleteKeys(connection, `${prefix}:*`);
        await other.quit();
      }
    }

    const live = (overrides: Partial<JobRecord>) => {
      const now = Date.now();
      return sampleRecord({
        createdAt: now,
        updatedAt: now,
        expiresAt: now + 3_600_000,
        ...overrides,
      });
    };

    it('gives every key it writes a TTL no longer than the expiry of the jobs in it', async () => {
      await twoStores(async (store, _b, prefix) => {
        const now = Date.now();
        await store.create(live({ id: 'a1', owner: 'a', expiresAt: now + 600_000 }));
        await store.create(live({ id: 'a2', owner: 'a', expiresAt: now + 1_200_000 }));
        await store.create(live({ id: 'b1', owner: 'b', expiresAt: now + 1_800_000 }));
        await store.create(live({ id: 'b2', owner: 'b', expiresAt: now + 900_000 }));
        // Shrinking the latest expiry of an owner must shrink its index's TTL too.
        await store.update('a2', (r) => ({ ...r, expiresAt: now + 700_000 }));
        await store.update('b1', (r) => ({ ...r, owner: 'a' }));
        await store.delete('b2');
        const records = await store.list({});
        const latest = (owner?: string) =>
          Math.max(
            ...records
              .filter((r) => owner === undefined || r.owner === owner)
              .map((r) => r.expiresAt),
          );
        const bounds = new Map<string, number>([
          ...records.map((r) => [`${prefix}:job:${r.id}`, r.expiresAt] as const),
          [`${prefix}:owner:a`, latest('a')],
          [`${prefix}:expiry`, latest()],
        ]);
        const measuredFrom = Date.now();
        const keys = await scanKeys(connection, `${prefix}:*`);
        assert.deepEqual(keys, [...bounds.keys()].sort(), 'owner b has no job left, so no index');
        for (const key of keys) {
          const ttl = await connection.pttl(key);
          assert.ok(ttl > 0, `${key} has no TTL`);
          assert.ok(
            measuredFrom + ttl <= bounds.get(key)! + LATENCY_SLACK_MS,
            `${key} outlives its jobs`,
          );
        }
        assert.ok((await connection.pttl(`${prefix}:owner:a`)) > 1_700_000);
      });
    });

    it('lets a record and its index entries vanish at its expiry', async () => {
      await twoStores(async (store, _b, prefix) => {
        await store.create(live({ id: 'brief', owner: 'a', expiresAt: Date.now() + 300 }));
        assert.equal((await store.get('brief'))?.id, 'brief');
        await sleep(400);
        assert.equal(await store.get('brief'), undefined);
        assert.deepEqual(await store.list({ owner: 'a' }), []);
        assert.deepEqual(await store.list({}), []);
        assert.deepEqual(await scanKeys(connection, `${prefix}:*`), []);
      });
    });

    it('leaves no key behind once every record is deleted', async () => {
      await twoStores(async (store, _b, prefix) => {
        for (const id of ['x', 'y', 'z']) await store.create(live({ id, owner: `o-${id}` }));
        await store.update('y', (r) => ({ ...r, status: 'processing' }));
        for (const id of ['x', 'y', 'z']) assert.equal(await store.delete(id), true);
        assert.deepEqual(await scanKeys(connection, `${prefix}:*`), []);
      });
    });

    it('notifies a watcher in another process of updates and of the delete', async () => {
      await twoStores(async (writer, reader) => {
        await writer.create(live({ id: 'job-1' }));
        const seen: (JobRecord | undefined)[] = [];
        const stop = reader.watch('job-1', (record) => seen.push(record));
        await writer.update('job-1', (r) => ({ ...r, status: 'processing' }));
        await waitFor('the update', () => seen.length === 1);
        await writer.update('job-1', (r) => ({
          ...r,
          progress: { stage: 'extract', percent: 40 },
        }));
        await waitFor('the second update', () => seen.length === 2);
        await writer.delete('job-1');
        await waitFor('the delete', () => seen.length === 3);
        assert.equal(seen[0]?.status, 'processing');
        assert.equal(seen[1]?.progress.percent, 40);
        assert.equal(seen[1].version, 3);
        assert.equal(seen[2], undefined);
        stop();
      });
    });

    it('keeps notifying a watcher in another process after Redis restarts', async () => {
      await twoStores(async (writer, reader) => {
        const seen: (JobRecord | undefined)[] = [];
        reader.watch('phoenix', (record) => seen.push(record));
        await redis.server.restart();
        await writer.create(live({ id: 'phoenix' }));
        // The reader resubscribes on its own; once it has, every update reaches it.
        let attempts = 0;
        const deadline = performance.now() + 10_000;
        while (!seen.some((r) => r?.attempts === attempts && attempts > 1)) {
          if (performance.now() > deadline) assert.fail('no notification after the restart');
          attempts += 1;
          await writer.update('phoenix', (r) => ({ ...r, attempts }));
          await sleep(100);
        }
      });
    });

    it('applies concurrent updates from two processes one after another', async () => {
      await twoStores(async (a, b) => {
        await a.create(live({ id: 'counted', version: 1 }));
        const bump = (store: RedisJobRecords) =>
          store.update('counted', (r) => ({ ...r, attempts: r.attempts + 1 }));
        await Promise.all(Array.from({ length: 20 }, (_, i) => bump(i % 2 === 0 ? a : b)));
        const record = await b.get('counted');
        assert.equal(record?.attempts, 20);
        assert.equal(record.version, 21);
      });
    });
  });
}
