// JobQueue contract, part 4: counts(), and running on after a handler throws.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { JobHandler } from './queue.port.js';
import {
  gate,
  type MakeQueue,
  Runs,
  TEST_TIMEOUT_MS,
  untilAborted,
  waitFor,
  waitForCounts,
  withQueueOf,
} from './queue.helpers.contract.js';

/** counts() follows the queue's jobs; a throwing handler does not stop the queue. */
export function queueCountsErrorsContract(makeQueue: MakeQueue): void {
  const withQueue = withQueueOf(makeQueue);

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
        await waitFor('the other jobs', () => runs.count('ok-1') === 1 && runs.count('ok-2') === 1);
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
}
