import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobAbort, type JobHandler, type JobQueue, type QueueCounts } from './queue.port.js';

export type MakeQueue = (
  concurrency: number,
) => Promise<{ queue: JobQueue; cleanup: () => Promise<void> }>;

/** Per-test limit: timing tests use generous margins, and a hang must fail rather than stall. */
const TEST_TIMEOUT_MS = 20_000;

interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}

function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Resolves with the abort reason once `signal` is aborted. */
function untilAborted(signal: AbortSignal): Promise<unknown> {
  if (signal.aborted) return Promise.resolve(signal.reason);
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => resolve(signal.reason), { once: true });
  });
}

/** Polls `predicate` until it holds; fails with `what` after `timeoutMs`. */
async function waitFor(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function waitForCounts(queue: JobQueue, expected: QueueCounts, timeoutMs = 5000) {
  const deadline = performance.now() + timeoutMs;
  let counts = await queue.counts();
  while (!isDeepEqual(counts, expected) && performance.now() < deadline) {
    await sleep(5);
    counts = await queue.counts();
  }
  assert.deepEqual(counts, expected);
}

function isDeepEqual(a: QueueCounts, b: QueueCounts): boolean {
  return a.waiting === b.waiting && a.delayed === b.delayed && a.active === b.active;
}

/** Records every run of every job id. */
class Runs {
  readonly log: string[] = [];
  count(jobId: string): number {
    return this.log.filter((id) => id === jobId).length;
  }
}

/**
 * The behaviour every JobQueue adapter must show. `makeQueue` builds a fresh, empty queue with
 * the given concurrency; `cleanup` releases it (closing it if the test did not).
 */
export function queueContract(name: string, makeQueue: MakeQueue): void {
  async function withQueue(concurrency: number, body: (queue: JobQueue) => Promise<void>) {
    const { queue, cleanup } = await makeQueue(concurrency);
    try {
      await body(queue);
    } finally {
      await cleanup();
    }
  }

  void describe(`JobQueue contract: ${name}`, { timeout: 120_000 }, () => {
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

    void it(
      'cancel() removes a waiting job: its handler never runs',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        await withQueue(1, async (queue) => {
          const runs = new Runs();
          const release = gate();
          queue.start(async (jobId, { signal }) => {
            runs.log.push(jobId);
            if (jobId === 'blocker') await Promise.race([release.promise, untilAborted(signal)]);
            return undefined;
          });
          await queue.enqueue('blocker');
          await waitFor('the blocker to start', () => runs.count('blocker') === 1);
          await queue.enqueue('victim');
          await queue.enqueue('survivor');
          await queue.cancel('victim');
          release.open();
          await waitFor('the survivor to run', () => runs.count('survivor') === 1);
          await sleep(150);
          assert.equal(runs.count('victim'), 0);
        });
      },
    );

    void it(
      'cancel() removes a delayed job: its handler never runs',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        await withQueue(2, async (queue) => {
          const runs = new Runs();
          queue.start(async (jobId) => {
            runs.log.push(jobId);
            return undefined;
          });
          await queue.enqueue('delayed-victim', 200);
          await queue.cancel('delayed-victim');
          await queue.enqueue('marker', 300);
          await waitFor('the marker job', () => runs.count('marker') === 1);
          await sleep(150);
          assert.equal(runs.count('delayed-victim'), 0);
        });
      },
    );

    void it(
      "cancel() aborts a running job with a JobAbort whose abortCause is 'cancelled'",
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        await withQueue(2, async (queue) => {
          const runs = new Runs();
          let reason: unknown;
          let abortedFlag = false;
          queue.start(async (jobId, { signal }) => {
            runs.log.push(jobId);
            if (jobId === 'running') {
              reason = await untilAborted(signal);
              abortedFlag = signal.aborted;
            }
            return undefined;
          });
          await queue.enqueue('running');
          await waitFor('the job to start', () => runs.count('running') === 1);
          await queue.cancel('running');
          await waitFor('the abort to reach the handler', () => reason !== undefined);
          assert.ok(abortedFlag);
          assert.ok(reason instanceof JobAbort, 'the abort reason is a JobAbort');
          assert.equal(reason.abortCause, 'cancelled');
          // The queue keeps working after a cancel.
          await queue.enqueue('after');
          await waitFor('a job after the cancel', () => runs.count('after') === 1);
          await sleep(150);
          assert.equal(runs.count('running'), 1, 'a cancelled job is not run again');
        });
      },
    );

    void it(
      'a job cancelled while running is not run again, even if its handler then asks for a retry',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        await withQueue(2, async (queue) => {
          const runs = new Runs();
          queue.start(async (jobId, { signal }) => {
            runs.log.push(jobId);
            await untilAborted(signal);
            return { retryInMs: 50 };
          });
          await queue.enqueue('cancel-then-retry');
          await waitFor('the job to start', () => runs.count('cancel-then-retry') === 1);
          await queue.cancel('cancel-then-retry');
          await sleep(500);
          assert.equal(runs.count('cancel-then-retry'), 1);
        });
      },
    );

    void it(
      'a job cancelled while running is not run again, even if its handler then throws',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        await withQueue(2, async (queue) => {
          const runs = new Runs();
          queue.start(async (jobId, { signal }) => {
            runs.log.push(jobId);
            await untilAborted(signal);
            throw new Error('aborted');
          });
          await queue.enqueue('cancel-then-throw');
          await waitFor('the job to start', () => runs.count('cancel-then-throw') === 1);
          await queue.cancel('cancel-then-throw');
          await sleep(2000);
          assert.equal(runs.count('cancel-then-throw'), 1);
        });
      },
    );

    void it(
      'close(grace) waits for running jobs that finish within the grace, without aborting them',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const { queue, cleanup } = await makeQueue(2);
        try {
          let started = 0;
          let finished = 0;
          let aborted = false;
          queue.start(async (_jobId, { signal }) => {
            started += 1;
            await sleep(200);
            aborted ||= signal.aborted;
            finished += 1;
            return undefined;
          });
          await queue.enqueue('finishes-1');
          await queue.enqueue('finishes-2');
          await waitFor('both jobs to start', () => started === 2);
          const closing = performance.now();
          await queue.close(5000);
          const tookMs = performance.now() - closing;
          assert.equal(finished, 2, 'close() resolved before its running jobs finished');
          assert.equal(aborted, false, 'a job that finished within the grace was aborted');
          assert.ok(tookMs < 4000, `close() waited ${tookMs} ms for jobs that took 200 ms`);
        } finally {
          await cleanup();
        }
      },
    );

    void it(
      "close(grace) aborts jobs still running after the grace with abortCause 'shutdown'",
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const { queue, cleanup } = await makeQueue(2);
        try {
          const graceMs = 300;
          let started = 0;
          const reasons = new Map<string, unknown>();
          const finishedNormally: string[] = [];
          queue.start(async (jobId, { signal }) => {
            started += 1;
            if (jobId === 'quick') {
              await sleep(50);
              finishedNormally.push(jobId);
              return undefined;
            }
            reasons.set(jobId, await untilAborted(signal));
            return undefined;
          });
          await queue.enqueue('quick');
          await queue.enqueue('stuck');
          await waitFor('both jobs to start', () => started === 2);
          const closing = performance.now();
          await queue.close(graceMs);
          const tookMs = performance.now() - closing;
          assert.ok(tookMs >= graceMs - 10, `close() aborted after ${tookMs} ms`);
          const reason = reasons.get('stuck');
          assert.ok(reason instanceof JobAbort, 'the stuck job was aborted with a JobAbort');
          assert.equal(reason.abortCause, 'shutdown');
          assert.deepEqual(finishedNormally, ['quick']);
          assert.equal(reasons.has('quick'), false);
        } finally {
          await cleanup();
        }
      },
    );

    void it(
      'starts no job after close: not waiting, delayed, retried or newly enqueued ones',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const { queue, cleanup } = await makeQueue(1);
        try {
          const runs = new Runs();
          queue.start(async (jobId) => {
            runs.log.push(jobId);
            if (jobId === 'running') {
              await sleep(100);
              return { retryInMs: 10 };
            }
            return undefined;
          });
          await queue.enqueue('running');
          await waitFor('the first job to start', () => runs.count('running') === 1);
          await queue.enqueue('waiting');
          await queue.enqueue('delayed', 100);
          await queue.close(5000);
          await queue.enqueue('after-close').catch(() => undefined);
          await sleep(400);
          assert.deepEqual(runs.log, ['running']);
        } finally {
          await cleanup();
        }
      },
    );

    void it(
      'counts() reports waiting, delayed and active jobs',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        await withQueue(1, async (queue) => {
          const release = gate();
          const runs = new Runs();
          const handler: JobHandler = async (jobId, { signal }) => {
            runs.log.push(jobId);
            if (jobId === 'active') await Promise.race([release.promise, untilAborted(signal)]);
            return undefined;
          };
          await waitForCounts(queue, { waiting: 0, delayed: 0, active: 0 });
          await queue.enqueue('active');
          await queue.enqueue('waiting-1');
          await queue.enqueue('waiting-2');
          await queue.enqueue('delayed', 60_000);
          await waitForCounts(queue, { waiting: 3, delayed: 1, active: 0 });
          queue.start(handler);
          await waitFor('the first job to start', () => runs.count('active') === 1);
          await waitForCounts(queue, { waiting: 2, delayed: 1, active: 1 });
          release.open();
          await waitFor('the waiting jobs to run', () => runs.log.length === 3);
          await waitForCounts(queue, { waiting: 0, delayed: 1, active: 0 });
          await queue.cancel('delayed');
          await waitForCounts(queue, { waiting: 0, delayed: 0, active: 0 });
        });
      },
    );

    void it(
      'keeps running other jobs after a handler throws',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        await withQueue(1, async (queue) => {
          const runs = new Runs();
          queue.start(async (jobId) => {
            runs.log.push(jobId);
            if (jobId === 'boom') throw new Error('handler bug');
            return undefined;
          });
          await queue.enqueue('boom');
          await queue.enqueue('ok-1');
          await queue.enqueue('ok-2');
          await waitFor(
            'the other jobs',
            () => runs.count('ok-1') === 1 && runs.count('ok-2') === 1,
          );
          assert.ok(runs.count('boom') >= 1);
        });
      },
    );

    void it(
      'keeps running other jobs after a handler throws synchronously',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        await withQueue(1, async (queue) => {
          const runs = new Runs();
          const handler: JobHandler = (jobId) => {
            runs.log.push(jobId);
            if (jobId === 'sync-boom') throw new Error('handler bug');
            return Promise.resolve(undefined);
          };
          queue.start(handler);
          await queue.enqueue('sync-boom');
          await queue.enqueue('ok');
          await waitFor('the other job', () => runs.count('ok') === 1);
          assert.ok(runs.count('sync-boom') >= 1);
        });
      },
    );
  });
}
