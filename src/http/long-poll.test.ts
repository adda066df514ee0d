import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { ServiceError } from '../domain/errors.js';
import type { JobRecord } from '../domain/job.js';
import { MemoryJobRecords } from '../jobs/memory.job-records.js';
import { LongPolls } from './long-poll.js';

/** JobService's watch and get over the real in-memory records, counting live watchers. */
function jobsOver(records: MemoryJobRecords) {
  let watchers = 0;
  const get = async (owner: string, id: string) => {
    const record = await records.get(id);
    if (record?.owner !== owner) throw new ServiceError('not_found');
    return record;
  };
  return {
    watchers: () => watchers,
    get,
    async watch(owner: string, id: string, listener: (record: JobRecord | undefined) => void) {
      watchers += 1;
      const stop = records.watch(id, listener);
      const unwatch = () => {
        watchers -= 1;
        stop();
      };
      try {
        return { record: await get(owner, id), unwatch };
      } catch (error) {
        unwatch();
        throw error;
      }
    },
  };
}

async function job(records: MemoryJobRecords): Promise<JobRecord> {
  const record: JobRecord = {
    id: randomUUID(),
    owner: 'owner',
    status: 'processing',
    progress: { stage: 'extract', percent: 15 },
    attempts: 1,
    mediaType: 'application/pdf',
    sizeBytes: 1,
    createdAt: 0,
    updatedAt: 0,
    expiresAt: Number.MAX_SAFE_INTEGER,
    version: 1,
  };
  await records.create(record);
  return record;
}

const always = { holds: () => true, timeoutMs: 30_000 };

describe('LongPolls', () => {
  test('a held wait ends with the changed record and leaves no watcher behind', async () => {
    const records = new MemoryJobRecords();
    const jobs = jobsOver(records);
    const polls = new LongPolls(jobs);
    const { id } = await job(records);
    const waiting = polls.wait('owner', id, { ...always, signal: new AbortController().signal });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(polls.size, 1);
    await records.update(id, (r) => ({ ...r, progress: { stage: 'interpret', percent: 80 } }));
    assert.equal((await waiting).version, 2);
    assert.equal(polls.size, 0);
    assert.equal(jobs.watchers(), 0);
  });

  test('an abort (the client left) frees the wait at once', async () => {
    const records = new MemoryJobRecords();
    const jobs = jobsOver(records);
    const polls = new LongPolls(jobs);
    const { id } = await job(records);
    const left = new AbortController();
    const waiting = polls.wait('owner', id, { ...always, signal: left.signal });
    await new Promise((resolve) => setImmediate(resolve));
    left.abort();
    assert.equal((await waiting).version, 1);
    assert.equal(polls.size, 0);
    assert.equal(jobs.watchers(), 0);
  });

  test('past the cap a new wait is refused with 503 and Retry-After; close releases the rest', async () => {
    const records = new MemoryJobRecords();
    const jobs = jobsOver(records);
    const polls = new LongPolls(jobs, 1);
    const { id } = await job(records);
    const signal = new AbortController().signal;
    const held = polls.wait('owner', id, { ...always, signal });
    await new Promise((resolve) => setImmediate(resolve));
    await assert.rejects(polls.wait('owner', id, { ...always, signal }), (error: unknown) => {
      assert.ok(error instanceof ServiceError);
      assert.equal(error.code, 'overloaded');
      assert.equal(error.retryAfterSeconds, 5);
      return true;
    });
    polls.close();
    assert.equal((await held).version, 1);
    // Closed: nothing is held any more, a new wait answers at once.
    assert.equal((await polls.wait('owner', id, { ...always, signal })).version, 1);
    assert.equal(jobs.watchers(), 0);
  });

  test('a stale copy or a terminal job answers at once; a deleted job answers its 404', async () => {
    const records = new MemoryJobRecords();
    const polls = new LongPolls(jobsOver(records));
    const signal = new AbortController().signal;
    const { id } = await job(records);
    assert.equal((await polls.wait('owner', id, { ...always, holds: () => false, signal })).id, id);
    const waiting = polls.wait('owner', id, { ...always, signal });
    await new Promise((resolve) => setImmediate(resolve));
    await records.delete(id);
    await assert.rejects(waiting, (error: unknown) => error instanceof ServiceError);
    const done = await job(records);
    await records.update(done.id, (r) => ({ ...r, status: 'succeeded' }));
    assert.equal((await polls.wait('owner', done.id, { ...always, signal })).status, 'succeeded');
  });
});
