// JobQueue contract, part 2: cancel() of waiting, delayed and running jobs.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobAbort } from './queue.port.js';
import {
  gate,
  type MakeQueue,
  Runs,
  TEST_TIMEOUT_MS,
  untilAborted,
  waitFor,
  withQueueOf,
} from './queue.helpers.contract.js';

/** A cancelled job never runs, or is aborted and never runs again. */
export function queueCancelContract(makeQueue: MakeQueue): void {
  const withQueue = withQueueOf(makeQueue);

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
}
