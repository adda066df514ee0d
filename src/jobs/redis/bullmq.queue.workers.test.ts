import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { deleteKeys, scanKeys } from '../../../test/helpers/redis-keys.js';
import { useRedisServer } from '../../../test/helpers/redis-server.js';
import { createLogger } from '../../observability/logger.js';
import { sampleRecord } from '../job-records.contract.js';
import { JobAbort, type JobHandler } from '../queue.port.js';
import { BullMqQueue, type BullMqQueueOptions } from './bullmq.queue.js';
import { RedisJobRecords } from './redis.job-records.js';

const redis = useRedisServer();
const CHILD = fileURLToPath(
  new URL('../../../test/helpers/bullmq-worker-child.ts', import.meta.url),
);
/** What may stay of a drained queue: its meta data, id counter, trimmed event stream, check lock. */
const QUEUE_META_KEYS = ['events', 'id', 'meta', 'stalled-check'];
let prefixes = 0;

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000) {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function untilAborted(signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(signal.reason);
    signal.addEventListener('abort', () => resolve(signal.reason), { once: true });
  });
}

if (redis !== undefined) {
  describe('BullMqQueue across worker processes', () => {
    /** Queues sharing one fresh prefix, standing in for worker processes; closed afterwards. */
    async function withWorkers(
      count: number,
      body: (queues: BullMqQueue[], prefix: string) => Promise<void>,
      options: Partial<BullMqQueueOptions> = {},
    ) {
      const prefix = `bull-workers-${++prefixes}`;
      const queues = Array.from(
        { length: count },
        () =>
          new BullMqQueue({
            connection: { url: redis!.server.url },
            prefix,
            concurrency: 2,
            logger: createLogger('silent'),
            ...options,
          }),
      );
      try {
        await body(queues, prefix);
      } finally {
        await Promise.all(queues.map((queue) => queue.close(0)));
        const admin = new Redis(redis!.server.url);
        await deleteKeys(admin, `${prefix}:*`);
        await admin.quit();
      }
    }

    it('runs each job exactly once across two workers', async () => {
      await withWorkers(2, async ([a, b]) => {
        const runs = new Map<string, string[]>();
        const handler =
          (worker: string): JobHandler =>
          async (jobId) => {
            runs.set(jobId, [...(runs.get(jobId) ?? []), worker]);
            await sleep(20);
            return undefined;
          };
        a!.start(handler('a'));
        b!.start(handler('b'));
        const ids = Array.from({ length: 20 }, (_, i) => `shared-${i}`);
        for (const id of ids) await a!.enqueue(id);
        await waitFor('every job', () => runs.size === ids.length);
        await sleep(300);
        for (const id of ids)
          assert.equal(runs.get(id)?.length, 1, `${id} ran ${runs.get(id)?.length} times`);
        const workers = new Set([...runs.values()].flat());
        assert.deepEqual([...workers].sort(), ['a', 'b'], 'both workers took jobs');
        assert.deepEqual(await a!.counts(), { waiting: 0, delayed: 0, active: 0 });
      });
    });

    it('runs a job again on another worker when its worker dies mid-job', async () => {
      const fast = { lockDurationMs: 1000, stalledIntervalMs: 300, maxStalledCount: 2 };
      await withWorkers(
        1,
        async ([survivor], prefix) => {
          const child = spawn(
            process.execPath,
            ['--import', 'tsx', CHILD, redis.server.url, prefix],
            {
              stdio: ['ignore', 'pipe', 'inherit'],
            },
          );
          let output = '';
          child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
          try {
            await waitFor('the child worker', () => output.includes('ready'));
            await survivor!.enqueue('orphan');
            await waitFor('the child to take the job', () => output.includes('started orphan'));
          } finally {
            child.kill('SIGKILL');
          }
          const runs: string[] = [];
          survivor!.start(async (jobId) => {
            runs.push(jobId);
            return undefined;
          });
          await waitFor('the stalled job to run again', () => runs.length > 0, 15_000);
          await sleep(1000);
          assert.deepEqual(runs, ['orphan']);
          assert.deepEqual(await survivor!.counts(), { waiting: 0, delayed: 0, active: 0 });
        },
        fast,
      );
    });

    it('aborts a job running on worker B when worker A cancels it', async () => {
      await withWorkers(2, async ([a, b]) => {
        const reasons: unknown[] = [];
        let runs = 0;
        b!.start(async (_jobId, { signal }) => {
          runs += 1;
          reasons.push(await untilAborted(signal));
          return { retryInMs: 10 };
        });
        await a!.enqueue('remote');
        await waitFor('B to start the job', () => runs === 1);
        await a!.cancel('remote');
        await waitFor('the abort', () => reasons.length === 1);
        const [reason] = reasons;
        assert.ok(reason instanceof JobAbort && reason.abortCause === 'cancelled');
        await sleep(300);
        assert.equal(runs, 1, 'a cancelled job is not run again');
        assert.deepEqual(await a!.counts(), { waiting: 0, delayed: 0, active: 0 });
      });
    });

    it('hands a job cut short by shutdown to another worker', async () => {
      await withWorkers(2, async ([leaving, staying]) => {
        let reason: unknown;
        let started = false;
        leaving!.start(async (_jobId, { signal }) => {
          started = true;
          reason = await untilAborted(signal);
          return undefined;
        });
        await leaving!.enqueue('handover');
        await waitFor('the job to start', () => started);
        const runs: string[] = [];
        staying!.start(async (jobId) => {
          runs.push(jobId);
          return undefined;
        });
        await leaving!.close(200);
        assert.ok(reason instanceof JobAbort && reason.abortCause === 'shutdown');
        await waitFor('the other worker to run it', () => runs.length > 0);
        await sleep(300);
        assert.deepEqual(runs, ['handover']);
      });
    });

    it('keeps taking jobs after Redis restarts', async () => {
      await withWorkers(1, async ([queue]) => {
        const runs: string[] = [];
        queue!.start(async (jobId) => {
          runs.push(jobId);
          return undefined;
        });
        await queue!.enqueue('before-restart');
        await waitFor('the first job', () => runs.length === 1);
        await redis.server.restart();
        // Adding fails fast until the connection is back (no offline queue, so the API can
        // answer 503): retry as a client does after a 503.
        const deadline = performance.now() + 5000;
        for (;;) {
          try {
            await queue!.enqueue('after-restart');
            break;
          } catch (error) {
            if (performance.now() > deadline) throw error;
            await sleep(100);
          }
        }
        await waitFor('a job after the restart', () => runs.includes('after-restart'), 8000);
      });
    });

    it('leaves only queue meta keys once jobs are done and records deleted', async () => {
      await withWorkers(2, async ([a, b], prefix) => {
        const connection = new Redis(redis.server.url);
        const recordsPrefix = `serenya:drained-${prefixes}`;
        const records = new RedisJobRecords({ redis: connection, prefix: recordsPrefix });
        try {
          const now = Date.now();
          const ids = ['d-1', 'd-2', 'd-3', 'd-4'];
          for (const id of ids)
            await records.create(sampleRecord({ id, createdAt: now, expiresAt: now + 600_000 }));
          const handler: JobHandler = async (jobId) => {
            const record = await records.update(jobId, (r) => ({ ...r, attempts: r.attempts + 1 }));
            if (record?.attempts === 1 && jobId === 'd-1') return { retryInMs: 50 };
            await records.update(jobId, (r) => ({ ...r, status: 'succeeded' }));
            return undefined;
          };
          a!.start(handler);
          b!.start(handler);
          for (const id of ids) await a!.enqueue(id);
          await a!.enqueue('never', 60_000);
          await a!.cancel('never');
          const done = async () => (await records.list({ unfinished: true })).length === 0;
          const deadline = performance.now() + 10_000;
          while (!(await done()) && performance.now() < deadline) await sleep(20);
          assert.ok(await done(), 'every job succeeded');
          for (const id of ids) assert.equal(await records.delete(id), true);
          await Promise.all([a!.close(1000), b!.close(1000)]);
          assert.deepEqual(await scanKeys(connection, 'serenya:*'), []);
          const left = await scanKeys(connection, `${prefix}:*`);
          assert.deepEqual(
            left.filter((key) => !QUEUE_META_KEYS.some((meta) => key === `${prefix}:jobs:${meta}`)),
            [],
          );
          assert.ok((await connection.xlen(`${prefix}:jobs:events`)) <= 10, 'events trimmed');
        } finally {
          await records.close();
          await connection.quit();
        }
      });
    });
  });
}
