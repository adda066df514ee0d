import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import type { JobRecord } from '../domain/job.js';
import { JobDeleter } from '../jobs/job-deleter.js';
import { MemoryIdempotency } from '../jobs/memory.idempotency.js';
import { MemoryJobRecords } from '../jobs/memory.job-records.js';
import { MemoryQueue } from '../jobs/memory.queue.js';
import { createAuditLog } from '../observability/audit.js';
import { createLogger } from '../observability/logger.js';
import { Metrics } from '../observability/metrics.js';
import { FsStore } from './fs.store.js';
import { eventually, heldSource, listAll, newOwner, readAll, sourceOf } from './store.contract.js';
import { ObjectMissingError, type ObjectKind, type ObjectRef } from './store.port.js';
import { Sweeper } from './sweeper.js';

const TTL_SECONDS = 3600;
const MINUTE = 60_000;

interface Rig {
  root: string;
  store: FsStore;
  records: MemoryJobRecords;
  idempotency: MemoryIdempotency;
  metrics: Metrics;
  clock: { now: number };
  sweeper: (options?: { exclusive?: boolean }) => Sweeper;
  /** Stores a small object now. */
  put: (ref: ObjectRef, body?: Buffer) => Promise<void>;
  /** Creates a record (defaults: live for the TTL, with keys for the given kinds). */
  record: (ref: { owner: string; jobId: string }, fields?: Partial<JobRecord>) => Promise<void>;
  /** Sets a stored file's modification time to `msAgo` before the controllable clock. */
  age: (ref: ObjectRef, msAgo: number, partial?: boolean) => Promise<void>;
  exists: (ref: ObjectRef) => Promise<boolean>;
  deletions: (reason: string) => Promise<number>;
}

async function withRig(run: (rig: Rig) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'serenya-sweeper-'));
  const clock = { now: Date.now() };
  const now = () => clock.now;
  const logger = createLogger('silent');
  const audit = createAuditLog(logger);
  const metrics = new Metrics({ defaultMetrics: false });
  const store = new FsStore(root);
  const records = new MemoryJobRecords(now);
  const idempotency = new MemoryIdempotency(now);
  const queue = new MemoryQueue({ concurrency: 1, logger });
  const deleter = new JobDeleter({ records, store, queue, idempotency, audit, metrics, now });
  const file = (ref: ObjectRef, partial = false) =>
    join(root, ref.owner, `${ref.jobId}.${ref.kind}${partial ? '.part' : ''}`);
  try {
    await run({
      root,
      store,
      records,
      idempotency,
      metrics,
      clock,
      sweeper: (options = {}) =>
        new Sweeper({
          records,
          store,
          deleter,
          ttlSeconds: TTL_SECONDS,
          exclusive: options.exclusive ?? false,
          audit,
          metrics,
          logger,
          now,
        }),
      put: async (ref, body = randomBytes(64)) => {
        await store.put(ref, sourceOf(body));
      },
      record: async (ref, fields = {}) => {
        await records.create({
          id: ref.jobId,
          owner: ref.owner,
          status: 'queued',
          progress: { stage: 'queued', percent: 0 },
          attempts: 0,
          mediaType: 'application/pdf',
          sizeBytes: 64,
          createdAt: clock.now,
          updatedAt: clock.now,
          expiresAt: clock.now + TTL_SECONDS * 1000,
          version: 1,
          inputKey: 'mk1.00000000.input-key',
          resultKey: 'mk1.00000000.result-key',
          ...fields,
        });
      },
      age: async (ref, msAgo, partial = false) => {
        const when = new Date(clock.now - msAgo);
        await utimes(file(ref, partial), when, when);
      },
      exists: async (ref) => {
        try {
          await readAll(await store.get(ref));
          return true;
        } catch (error) {
          if (error instanceof ObjectMissingError) return false;
          throw error;
        }
      },
      deletions: async (reason) => {
        const metric = await metrics.deletions.get();
        return metric.values.find((v) => v.labels.reason === reason)?.value ?? 0;
      },
    });
  } finally {
    await queue.close(0);
    await rm(root, { recursive: true, force: true });
  }
}

function ref(owner: string, kind: ObjectKind = 'input', jobId = randomUUID()): ObjectRef {
  return { owner, jobId, kind };
}

/** Starts a put that stays partial until the returned source is ended or destroyed. */
async function holdPut(
  store: FsStore,
  target: ObjectRef,
): Promise<{ source: Readable; put: Promise<unknown> }> {
  const source = heldSource();
  const put = store.put(target, source);
  source.push(randomBytes(100));
  await eventually(
    async () =>
      (await listAll(store)).some((o) => o.partial && o.ref.jobId === target.jobId && o.bytes > 0),
    'the partial write',
  );
  return { source, put };
}

describe('Sweeper', () => {
  test('records past their expiry are deleted with their objects and idempotency keys', () =>
    withRig(async (rig) => {
      const owner = newOwner();
      const expired = ref(owner);
      const expiredResult: ObjectRef = { ...expired, kind: 'result' };
      const dueNow = ref(owner);
      const live = ref(owner);
      await rig.idempotency.claim('idem-expired', expired.jobId, rig.clock.now + 60_000);
      await rig.record(expired, {
        expiresAt: rig.clock.now - 1000,
        idempotencyKey: 'idem-expired',
      });
      await rig.record(dueNow, { expiresAt: rig.clock.now });
      await rig.record(live, { expiresAt: rig.clock.now + 30 * MINUTE });
      for (const r of [expired, expiredResult, dueNow, live]) await rig.put(r);

      const outcome = await rig.sweeper().sweep({ everything: false });

      assert.deepEqual(outcome, { jobs: 2, objects: 3 });
      assert.equal(await rig.records.get(expired.jobId), undefined);
      assert.equal(await rig.records.get(dueNow.jobId), undefined);
      assert.notEqual(await rig.records.get(live.jobId), undefined);
      assert.equal(await rig.exists(expired), false);
      assert.equal(await rig.exists(expiredResult), false);
      assert.equal(await rig.exists(dueNow), false);
      assert.equal(await rig.exists(live), true);
      // The key was released: a new job can claim it.
      const next = randomUUID();
      assert.equal(await rig.idempotency.claim('idem-expired', next, rig.clock.now + 1000), next);
      assert.equal(await rig.deletions('expired'), 3);
    }));

  test('an expired record whose objects are already gone is still removed', () =>
    withRig(async (rig) => {
      const gone = ref(newOwner());
      await rig.record(gone, { expiresAt: rig.clock.now - 1 });
      assert.deepEqual(await rig.sweeper().sweep({ everything: false }), { jobs: 1, objects: 0 });
      assert.equal(await rig.records.get(gone.jobId), undefined);
    }));

  test('objects older than the TTL are deleted whatever their record says', () =>
    withRig(async (rig) => {
      const owner = newOwner();
      const old = ref(owner);
      const fresh: ObjectRef = { ...old, kind: 'result' };
      const orphan = ref(owner);
      // A live record with keys for both objects, expiring far in the future.
      await rig.record(old, { expiresAt: rig.clock.now + 10 * TTL_SECONDS * 1000 });
      for (const r of [old, fresh, orphan]) await rig.put(r);
      await rig.age(old, TTL_SECONDS * 1000 + MINUTE);
      await rig.age(orphan, TTL_SECONDS * 1000 + MINUTE);

      const outcome = await rig.sweeper().sweep({ everything: false, orphans: false });

      assert.deepEqual(outcome, { jobs: 0, objects: 2 });
      assert.equal(await rig.exists(old), false);
      assert.equal(await rig.exists(orphan), false);
      assert.equal(await rig.exists(fresh), true);
      assert.notEqual(await rig.records.get(old.jobId), undefined, 'the record is not touched');
      assert.equal(await rig.deletions('expired'), 2);
    }));

  test('advancing the clock past the TTL deletes every object, even with live records', () =>
    withRig(async (rig) => {
      const owner = newOwner();
      const objects = [ref(owner), ref(owner, 'result'), ref(newOwner())];
      for (const r of objects) {
        await rig.record(r, { expiresAt: rig.clock.now + 10 * TTL_SECONDS * 1000 });
        await rig.put(r);
      }
      const sweeper = rig.sweeper();
      assert.deepEqual(await sweeper.sweep({ everything: false }), { jobs: 0, objects: 0 });
      rig.clock.now += TTL_SECONDS * 1000 + 1000;
      assert.deepEqual(await sweeper.sweep({ everything: false }), { jobs: 0, objects: 3 });
      for (const r of objects) assert.equal(await rig.exists(r), false);
      assert.deepEqual(await listAll(rig.store), []);
    }));

  test('exclusive at start-up: every object is deleted, complete or partial, with or without a record', () =>
    withRig(async (rig) => {
      const owner = newOwner();
      const withRecord = ref(owner);
      const withRecordResult: ObjectRef = { ...withRecord, kind: 'result' };
      const orphan = ref(newOwner());
      await rig.record(withRecord);
      for (const r of [withRecord, withRecordResult, orphan]) await rig.put(r);
      const partial = ref(owner);
      await rig.record(partial);
      const held = await holdPut(rig.store, partial);

      const outcome = await rig.sweeper({ exclusive: true }).sweep({ everything: true });

      assert.deepEqual(outcome, { jobs: 0, objects: 4 });
      assert.deepEqual(await listAll(rig.store), []);
      assert.equal(await rig.deletions('unreadable'), 4);
      held.source.push(null);
      await Promise.allSettled([held.put]);
      assert.equal(await rig.exists(partial), false, 'the cut-off write must not come back');
      assert.deepEqual(await listAll(rig.store), []);
    }));

  test('not exclusive, or not at start-up: fresh objects are kept', () =>
    withRig(async (rig) => {
      const withRecord = ref(newOwner());
      const orphan = ref(newOwner());
      await rig.record(withRecord);
      await rig.put(withRecord);
      await rig.put(orphan);
      assert.deepEqual(await rig.sweeper({ exclusive: false }).sweep({ everything: true }), {
        jobs: 0,
        objects: 0,
      });
      assert.deepEqual(await rig.sweeper({ exclusive: true }).sweep({ everything: false }), {
        jobs: 0,
        objects: 0,
      });
      assert.equal(await rig.exists(withRecord), true);
      assert.equal(await rig.exists(orphan), true);
    }));

  test('after start-up: a fresh orphan is kept (grace), an old one is deleted', () =>
    withRig(async (rig) => {
      const fresh = ref(newOwner());
      const old = ref(newOwner());
      await rig.put(fresh);
      await rig.put(old);
      await rig.age(fresh, 9 * MINUTE);
      await rig.age(old, 11 * MINUTE);

      const outcome = await rig.sweeper({ exclusive: true }).sweep({ everything: false });

      assert.deepEqual(outcome, { jobs: 0, objects: 1 });
      assert.equal(await rig.exists(fresh), true);
      assert.equal(await rig.exists(old), false);
      assert.equal(await rig.deletions('orphan'), 1);
    }));

  test('after start-up: a fresh orphan is deleted once the clock passes the grace period', () =>
    withRig(async (rig) => {
      const orphan = ref(newOwner());
      await rig.put(orphan);
      const sweeper = rig.sweeper();
      assert.deepEqual(await sweeper.sweep({ everything: false }), { jobs: 0, objects: 0 });
      assert.equal(await rig.exists(orphan), true);
      rig.clock.now += 11 * MINUTE;
      assert.deepEqual(await sweeper.sweep({ everything: false }), { jobs: 0, objects: 1 });
      assert.equal(await rig.exists(orphan), false);
    }));

  test('after the grace period, only objects their record accounts for are kept', () =>
    withRig(async (rig) => {
      const owner = newOwner();
      const kept = ref(owner);
      await rig.record(kept);
      const noResultKey = ref(owner, 'result');
      await rig.record(noResultKey, { resultKey: undefined });
      const shredded = ref(owner);
      await rig.record(shredded, { inputKey: undefined, resultKey: undefined });
      // A record of the same job id but another owner does not vouch for this object.
      const wrongOwner = ref(owner);
      await rig.record({ ...wrongOwner, owner: newOwner() });
      const partial = ref(owner);
      await rig.record(partial);
      for (const r of [kept, noResultKey, shredded, wrongOwner]) await rig.put(r);
      const held = await holdPut(rig.store, partial);
      for (const r of [kept, noResultKey, shredded, wrongOwner]) await rig.age(r, 11 * MINUTE);
      await rig.age(partial, 11 * MINUTE, true);

      const outcome = await rig.sweeper().sweep({ everything: false });

      assert.deepEqual(outcome, { jobs: 0, objects: 4 });
      assert.equal(await rig.exists(kept), true);
      assert.equal(await rig.exists(noResultKey), false);
      assert.equal(await rig.exists(shredded), false);
      assert.equal(await rig.exists(wrongOwner), false);
      assert.deepEqual(
        (await listAll(rig.store)).map((o) => o.ref),
        [kept],
        'the stale partial write is gone too',
      );
      held.source.destroy();
      await Promise.allSettled([held.put]);
    }));

  test('with orphans: false only age counts', () =>
    withRig(async (rig) => {
      const oldOrphan = ref(newOwner());
      const freshOrphan = ref(newOwner());
      const tooOld = ref(newOwner());
      for (const r of [oldOrphan, freshOrphan, tooOld]) await rig.put(r);
      await rig.age(oldOrphan, 30 * MINUTE);
      await rig.age(tooOld, TTL_SECONDS * 1000 + MINUTE);

      const outcome = await rig.sweeper().sweep({ everything: false, orphans: false });

      assert.deepEqual(outcome, { jobs: 0, objects: 1 });
      assert.equal(await rig.exists(oldOrphan), true);
      assert.equal(await rig.exists(freshOrphan), true);
      assert.equal(await rig.exists(tooOld), false);
    }));

  test('a sweep leaves no empty owner directory behind', () =>
    withRig(async (rig) => {
      const orphan = ref(newOwner());
      await rig.put(orphan);
      await rig.age(orphan, TTL_SECONDS * 1000 + MINUTE);
      await rig.sweeper().sweep({ everything: false });
      await assert.rejects(stat(join(rig.root, orphan.owner)), { code: 'ENOENT' });
    }));

  test('start() sweeps on an interval and stop() waits for the pass in flight', () =>
    withRig(async (rig) => {
      const orphan = ref(newOwner());
      await rig.put(orphan);
      const sweeper = rig.sweeper();
      sweeper.start(0.02);
      try {
        await new Promise((resolve) => setTimeout(resolve, 60));
        assert.equal(await rig.exists(orphan), true, 'a fresh orphan is kept by periodic sweeps');
        rig.clock.now += TTL_SECONDS * 1000 + 1000;
        await eventually(async () => !(await rig.exists(orphan)), 'a periodic sweep');
      } finally {
        await sweeper.stop();
      }
      await rig.put(orphan);
      rig.clock.now += TTL_SECONDS * 1000 + 1000;
      await new Promise((resolve) => setTimeout(resolve, 60));
      assert.equal(await rig.exists(orphan), true, 'no sweep runs after stop()');
    }));
});
