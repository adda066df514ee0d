import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JobRecord } from '../domain/job.js';
import type { JobRecordStore } from './job-records.port.js';

/** Builds a fresh, empty store whose `updatedAt` comes from `now`. */
export type MakeJobRecords = (
  now: () => number,
) => Promise<{ store: JobRecordStore; cleanup: () => Promise<void> }>;

export function sampleRecord(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id: 'job-1',
    owner: 'owner-a',
    status: 'queued',
    progress: { stage: 'queued', percent: 0 },
    attempts: 0,
    mediaType: 'application/pdf',
    sizeBytes: 1234,
    createdAt: 1_000,
    updatedAt: 1_000,
    expiresAt: 3_601_000,
    version: 1,
    inputKey: 'wrapped-input-key',
    ...overrides,
  };
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const ids = (records: readonly JobRecord[]) => records.map((r) => r.id).sort();

/** The behaviour every JobRecordStore adapter must show. */
export function jobRecordsContract(name: string, make: MakeJobRecords): void {
  void describe(`JobRecordStore contract: ${name}`, () => {
    let clock = 50;
    const now = () => clock;

    async function withStore(body: (store: JobRecordStore) => Promise<void>) {
      clock = 50;
      const { store, cleanup } = await make(now);
      try {
        await body(store);
      } finally {
        await cleanup();
      }
    }

    void it('returns what was created, and undefined for an unknown id', async () => {
      await withStore(async (store) => {
        const record = sampleRecord({
          error: { code: 'provider_unavailable', retryable: true, detail: 'later' },
          progress: { stage: 'extract', page: 2, pages: 5, percent: 39 },
          idempotencyKey: 'idem-hash',
        });
        await store.create(record);
        assert.deepEqual(await store.get('job-1'), record);
        assert.equal(await store.get('no-such-job'), undefined);
      });
    });

    void it('rejects a create with an existing id and keeps the first record', async () => {
      await withStore(async (store) => {
        const first = sampleRecord();
        await store.create(first);
        await assert.rejects(store.create(sampleRecord({ owner: 'intruder', sizeBytes: 1 })));
        assert.deepEqual(await store.get('job-1'), first);
      });
    });

    void it('applies a change, bumping version by exactly one and updatedAt from the clock', async () => {
      await withStore(async (store) => {
        await store.create(sampleRecord({ version: 7 }));
        clock = 60_000;
        const updated = await store.update('job-1', (r) => ({ ...r, status: 'processing' }));
        assert.ok(updated !== undefined);
        assert.equal(updated.status, 'processing');
        assert.equal(updated.version, 8);
        assert.equal(updated.updatedAt, 60_000);
        assert.deepEqual(await store.get('job-1'), updated);

        clock = 70_000;
        const again = await store.update('job-1', (r) => ({ ...r, attempts: r.attempts + 1 }));
        assert.equal(again?.version, 9);
        assert.equal(again.updatedAt, 70_000);
        assert.equal(again.attempts, 1);
        assert.equal(again.status, 'processing');
      });
    });

    void it('passes the current record to the change function', async () => {
      await withStore(async (store) => {
        const record = sampleRecord({ attempts: 2 });
        await store.create(record);
        let seen: unknown;
        await store.update('job-1', (current) => {
          seen = { ...current };
          return undefined;
        });
        assert.deepEqual(seen, record);
      });
    });

    void it('keeps control of id and version whatever the change returns', async () => {
      await withStore(async (store) => {
        await store.create(sampleRecord({ version: 3 }));
        const updated = await store.update('job-1', (r) => ({ ...r, id: 'other', version: 100 }));
        assert.equal(updated?.id, 'job-1');
        assert.equal(updated.version, 4);
        assert.equal(await store.get('other'), undefined);
        assert.equal((await store.get('job-1'))?.version, 4);
      });
    });

    void it('leaves the record untouched when the change returns undefined', async () => {
      await withStore(async (store) => {
        const record = sampleRecord();
        await store.create(record);
        clock = 99_000;
        const result = await store.update('job-1', (current) => {
          // Mutating the argument and then declining must not leak into the store either.
          const writable = current as JobRecord;
          writable.status = 'failed';
          writable.progress.percent = 77;
          return undefined;
        });
        assert.equal(result, undefined);
        assert.deepEqual(await store.get('job-1'), record);
      });
    });

    void it('resolves undefined when updating a missing id, and creates nothing', async () => {
      await withStore(async (store) => {
        const result = await store.update('ghost', (r) => ({ ...r, status: 'failed' }));
        assert.equal(result, undefined);
        assert.equal(await store.get('ghost'), undefined);
        assert.deepEqual(await store.list({}), []);
      });
    });

    void it('hands out copies: mutating a created or returned record does not change the store', async () => {
      await withStore(async (store) => {
        const original = sampleRecord();
        const input = sampleRecord();
        await store.create(input);
        input.status = 'failed';
        input.progress.percent = 11;

        const got = await store.get('job-1');
        assert.ok(got !== undefined);
        got.owner = 'mutated';
        got.progress.stage = 'done';

        const listed = await store.list({ owner: 'owner-a' });
        const [only] = listed;
        assert.ok(only !== undefined && listed.length === 1);
        only.sizeBytes = 0;
        only.progress.percent = 99;

        assert.deepEqual(await store.get('job-1'), original);

        const updated = await store.update('job-1', (r) => ({ ...r, attempts: 1 }));
        assert.ok(updated !== undefined);
        const snapshot = structuredClone(updated);
        updated.attempts = 42;
        updated.progress.percent = 42;
        assert.deepEqual(await store.get('job-1'), snapshot);
      });
    });

    void it('keeps its own copy of the record a change function returned', async () => {
      await withStore(async (store) => {
        await store.create(sampleRecord());
        let returned: JobRecord | undefined;
        const updated = await store.update('job-1', (r) => {
          returned = { ...r, progress: { stage: 'decrypt', percent: 5 } };
          return returned;
        });
        assert.ok(updated !== undefined && returned !== undefined);
        returned.progress.percent = 66;
        returned.progress.stage = 'format';
        assert.deepEqual((await store.get('job-1'))?.progress, { stage: 'decrypt', percent: 5 });
      });
    });

    void it('delete resolves true for an existing record, then false', async () => {
      await withStore(async (store) => {
        await store.create(sampleRecord());
        await store.create(sampleRecord({ id: 'job-2' }));
        assert.equal(await store.delete('job-1'), true);
        assert.equal(await store.get('job-1'), undefined);
        assert.equal(await store.delete('job-1'), false);
        assert.equal(await store.delete('never-existed'), false);
        assert.deepEqual(ids(await store.list({})), ['job-2']);
      });
    });

    void it('lists by owner, by expiresBefore (inclusive), and by both', async () => {
      await withStore(async (store) => {
        await store.create(sampleRecord({ id: 'a-early', owner: 'a', expiresAt: 100 }));
        await store.create(sampleRecord({ id: 'a-late', owner: 'a', expiresAt: 300 }));
        await store.create(sampleRecord({ id: 'b-mid', owner: 'b', expiresAt: 200 }));
        await store.create(sampleRecord({ id: 'c-mid', owner: 'c', expiresAt: 200 }));

        assert.deepEqual(ids(await store.list({})), ['a-early', 'a-late', 'b-mid', 'c-mid']);
        assert.deepEqual(ids(await store.list({ owner: 'a' })), ['a-early', 'a-late']);
        assert.deepEqual(ids(await store.list({ owner: 'nobody' })), []);
        assert.deepEqual(ids(await store.list({ expiresBefore: 99 })), []);
        assert.deepEqual(ids(await store.list({ expiresBefore: 200 })), [
          'a-early',
          'b-mid',
          'c-mid',
        ]);
        assert.deepEqual(ids(await store.list({ owner: 'a', expiresBefore: 200 })), ['a-early']);
        const listed = await store.list({ owner: 'b' });
        assert.deepEqual(listed, [sampleRecord({ id: 'b-mid', owner: 'b', expiresAt: 200 })]);
      });
    });

    void it('lists only unfinished jobs when asked, combined with the owner', async () => {
      await withStore(async (store) => {
        await store.create(sampleRecord({ id: 'q', owner: 'a', status: 'queued' }));
        await store.create(sampleRecord({ id: 'p', owner: 'a', status: 'processing' }));
        await store.create(sampleRecord({ id: 'r', owner: 'a', status: 'retrying' }));
        await store.create(sampleRecord({ id: 's', owner: 'a', status: 'succeeded' }));
        await store.create(sampleRecord({ id: 'f', owner: 'a', status: 'failed' }));
        await store.create(sampleRecord({ id: 'c', owner: 'a', status: 'cancelled' }));
        await store.create(sampleRecord({ id: 'b', owner: 'b', status: 'queued' }));
        assert.deepEqual(ids(await store.list({ owner: 'a', unfinished: true })), ['p', 'q', 'r']);
        assert.deepEqual(ids(await store.list({ unfinished: true })), ['b', 'p', 'q', 'r']);
        assert.equal((await store.list({ owner: 'a' })).length, 6);
      });
    });

    void it('reflects updates and deletes in list', async () => {
      await withStore(async (store) => {
        await store.create(sampleRecord({ id: 'x', owner: 'a', expiresAt: 500 }));
        await store.update('x', (r) => ({ ...r, expiresAt: 100 }));
        assert.deepEqual(ids(await store.list({ expiresBefore: 200 })), ['x']);
        await store.delete('x');
        assert.deepEqual(await store.list({ owner: 'a' }), []);
      });
    });

    void it('notifies a watcher of each change and of the delete, until unsubscribed', async () => {
      await withStore(async (store) => {
        await store.create(sampleRecord());
        await store.create(sampleRecord({ id: 'other' }));
        const seen: (JobRecord | undefined)[] = [];
        const unsubscribe = store.watch('job-1', (record) => seen.push(record));

        await store.update('job-1', (r) => ({ ...r, status: 'processing' }));
        await waitFor('the first change', () => seen.length >= 1);
        await store.update('job-1', () => undefined); // declined: not a change
        await store.update('other', (r) => ({ ...r, attempts: 5 })); // another record
        await store.update('job-1', (r) => ({ ...r, attempts: 1 }));
        await waitFor('the second change', () => seen.length >= 2);
        await store.delete('job-1');
        await waitFor('the delete', () => seen.length >= 3);
        await sleep(50);

        assert.equal(seen.length, 3);
        assert.equal(seen[0]?.status, 'processing');
        assert.equal(seen[0].version, 2);
        assert.equal(seen[1]?.attempts, 1);
        assert.equal(seen[1].version, 3);
        assert.equal(seen[2], undefined);

        unsubscribe();
        await store.create(sampleRecord());
        await store.update('job-1', (r) => ({ ...r, status: 'processing' }));
        await store.delete('job-1');
        await sleep(100);
        assert.equal(seen.length, 3, 'no notification after unsubscribe');
      });
    });

    void it('gives each watcher its own copy, and unsubscribing one leaves the others', async () => {
      await withStore(async (store) => {
        await store.create(sampleRecord());
        const first: (JobRecord | undefined)[] = [];
        const second: (JobRecord | undefined)[] = [];
        const stopFirst = store.watch('job-1', (record) => {
          if (record !== undefined) record.status = 'failed';
          first.push(record);
        });
        store.watch('job-1', (record) => second.push(record));
        await store.update('job-1', (r) => ({ ...r, attempts: 1 }));
        await waitFor('both watchers', () => first.length >= 1 && second.length >= 1);
        assert.equal(second[0]?.status, 'queued');
        assert.equal((await store.get('job-1'))?.status, 'queued');
        stopFirst();
        await store.update('job-1', (r) => ({ ...r, attempts: 2 }));
        await waitFor('the remaining watcher', () => second.length >= 2);
        await sleep(50);
        assert.equal(first.length, 1);
        assert.equal(second[1]?.attempts, 2);
      });
    });
  });
}
