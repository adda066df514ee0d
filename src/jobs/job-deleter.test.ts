import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import type { JobRecord } from '../domain/job.js';
import { createAuditLog } from '../observability/audit.js';
import { createLogger } from '../observability/logger.js';
import { Metrics } from '../observability/metrics.js';
import { FsStore } from '../storage/fs.store.js';
import { JobDeleter, countObjects } from './job-deleter.js';
import { MemoryIdempotency } from './memory.idempotency.js';
import { MemoryJobRecords } from './memory.job-records.js';
import { MemoryQueue } from './memory.queue.js';

async function withDeleter(
  run: (rig: {
    deleter: JobDeleter;
    records: MemoryJobRecords;
    store: FsStore;
    record: JobRecord;
  }) => Promise<void>,
) {
  const root = await mkdtemp(join(tmpdir(), 'serenya-deleter-'));
  const logger = createLogger('silent');
  const records = new MemoryJobRecords();
  const store = new FsStore(root);
  const queue = new MemoryQueue({ concurrency: 1, logger });
  const deleter = new JobDeleter({
    records,
    store,
    queue,
    idempotency: new MemoryIdempotency(),
    audit: createAuditLog(logger),
    metrics: new Metrics({ defaultMetrics: false }),
    now: Date.now,
  });
  const record: JobRecord = {
    id: randomUUID(),
    owner: randomBytes(16).toString('hex'),
    status: 'processing',
    progress: { stage: 'extract', percent: 40 },
    attempts: 1,
    mediaType: 'application/pdf',
    sizeBytes: 10,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    expiresAt: Date.now() + 3_600_000,
    version: 1,
    inputKey: 'mk1.x.y',
  };
  await records.create(record);
  await store.put(
    { owner: record.owner, jobId: record.id, kind: 'input' },
    Readable.from([randomBytes(10)]),
  );
  try {
    await run({ deleter, records, store, record });
  } finally {
    await queue.close(0);
    await rm(root, { recursive: true, force: true });
  }
}

describe('JobDeleter', () => {
  test('cancelling an unfinished job: cancelled, keys shredded, objects gone', () =>
    withDeleter(async ({ deleter, records, record }) => {
      const outcome = await deleter.delete(record, 'acknowledged', {
        keepTombstone: true,
        cancelUnfinished: true,
      });
      assert.equal(outcome.before, 'processing');
      assert.equal(outcome.after, 'cancelled');
      assert.equal(countObjects(outcome.deleted), 1);
      const tombstone = await records.get(record.id);
      assert.equal(tombstone?.status, 'cancelled');
      assert.equal(tombstone.inputKey, undefined);
      assert.ok(tombstone.deletedAt !== undefined);
    }));

  test('a job that succeeded just before the cancel stays succeeded (decided on the current record)', () =>
    withDeleter(async ({ deleter, records, record }) => {
      // The caller read `record` while it was processing; the runner finished since.
      await records.update(record.id, (r) => ({ ...r, status: 'succeeded', resultKey: 'mk1.x.z' }));
      const outcome = await deleter.delete(record, 'acknowledged', {
        keepTombstone: true,
        cancelUnfinished: true,
      });
      assert.equal(outcome.before, 'succeeded');
      assert.equal(outcome.after, 'succeeded');
      assert.equal((await records.get(record.id))?.resultKey, undefined);
    }));

  test('a listener that throws does not stop the deletion', () =>
    withDeleter(async ({ deleter, records, store, record }) => {
      records.watch(record.id, () => {
        throw new Error('listener failure');
      });
      const outcome = await deleter.delete(record, 'purged', { keepTombstone: false });
      assert.equal(countObjects(outcome.deleted), 1);
      assert.equal(await records.get(record.id), undefined);
      const left: unknown[] = [];
      for await (const object of store.list()) left.push(object);
      assert.deepEqual(left, []);
    }));
});
