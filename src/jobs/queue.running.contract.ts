// JobQueue contract, part 1: running jobs exactly once, concurrency, retries and delays.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  gate,
  type MakeQueue,
  Runs,
  TEST_TIMEOUT_MS,
  untilAborted,
  waitFor,
  withQueueOf,
} from './queue.helpers.contract.js';

/** Every JobQueue runs each enqueued job once, within its concurrency, after any delay. */
export function queueRunningContract(makeQueue: MakeQueue): void {
  const withQueue = withQueueOf(makeQueue);

  void it('runs every enqueued job exactly once', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withQueue(2, async (queue) => {
      const runs = new Runs();
      queue.start(async (jobId) => {
        runs.log.push(jobId);
        await sleep(5);
        return undefined;
      });
      const ids = ['job-1', 'job-2', 'job-3', 'job-4', 'job-5'];
      for (const id of ids) await queue.enqueue(id);
      await waitFor('all five jobs to run', () => runs.log.length >= ids.length);
      await sleep(100);
      assert.deepEqual([...runs.log].sort(), ids);
    });
  });

  void it(
    'runs jobs enqueued before start once started',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await withQueue(2, async (queue) => {
        const runs = new Runs();
        await queue.enqueue('early-1');
        await queue.enqueue('early-2');
        await sleep(50);
        assert.equal(runs.log.length, 0);
        queue.start(async (jobId) => {
          runs.log.push(jobId);
          return undefined;
        });
        await waitFor('both early jobs to run', () => runs.log.length >= 2);
        assert.deepEqual([...runs.log].sort(), ['early-1', 'early-2']);
      });
    },
  );

  for (const concurrency of [1, 3]) {
    void it(
      `never runs more than ${concurrency} handler(s) at once`,
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        await withQueue(concurrency, async (queue) => {
          const jobs = concurrency * 3 + 1;
          const release = gate();
          let running = 0;
          let maxRunning = 0;
          let finished = 0;
          queue.start(async (_jobId, { signal }) => {
            running += 1;
            maxRunning = Math.max(maxRunning, running);
            try {
              await Promise.race([release.promise, untilAborted(signal)]);
              await sleep(10);
            } finally {
              running -= 1;
              finished += 1;
            }
            return undefined;
          });
          for (let i = 0; i < jobs; i += 1) await queue.enqueue(`c-${i}`);
          await waitFor('the queue to fill its slots', () => running === concurrency);
          await sleep(100);
          assert.equal(running, concurrency, 'no job may start while every slot is busy');
          release.open();
          await waitFor('every job to finish', () => finished === jobs);
          assert.equal(maxRunning, concurrency);
        });
      },
    );
  }

  void it(
    'runs a job again after the delay its handler asked for, not before',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await withQueue(2, async (queue) => {
        const retryInMs = 400;
        const startedAt: number[] = [];
        queue.start(async () => {
          startedAt.push(performance.now());
          return startedAt.length === 1 ? { retryInMs } : undefined;
        });
        await queue.enqueue('retry-me');
        await waitFor('the first run', () => startedAt.length >= 1);
        await sleep(retryInMs / 2);
        assert.equal(startedAt.length, 1, 'the retry must not run before its delay');
        await waitFor('the retry', () => startedAt.length >= 2);
        const [first = Number.NaN, second = Number.NaN] = startedAt;
        const gapMs = second - first;
        assert.ok(gapMs >= retryInMs - 10, `retried after ${gapMs} ms`);
        await sleep(150);
        assert.equal(startedAt.length, 2, 'a handler returning undefined is not run again');
      });
    },
  );

  void it(
    'runs a job again promptly when its handler asks for { retryInMs: 0 }',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await withQueue(1, async (queue) => {
        const runs = new Runs();
        queue.start(async (jobId) => {
          runs.log.push(jobId);
          return runs.count(jobId) === 1 ? { retryInMs: 0 } : undefined;
        });
        await queue.enqueue('retry-now');
        await waitFor('the immediate retry', () => runs.count('retry-now') >= 2, 3000);
        assert.equal(runs.count('retry-now'), 2);
      });
    },
  );

  void it('waits before running a delayed job', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withQueue(2, async (queue) => {
      const delayMs = 400;
      const ranAt: number[] = [];
      queue.start(async () => {
        ranAt.push(performance.now());
        return undefined;
      });
      const enqueuedAt = performance.now();
      await queue.enqueue('later', delayMs);
      await sleep(delayMs / 2);
      assert.equal(ranAt.length, 0, 'the delayed job ran early');
      await waitFor('the delayed job', () => ranAt.length > 0);
      const waitedMs = (ranAt[0] ?? Number.NaN) - enqueuedAt;
      assert.ok(waitedMs >= delayMs - 10, `ran after ${waitedMs} ms`);
    });
  });
}
