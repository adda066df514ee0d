// JobQueue contract, part 3: close(grace) waits, then aborts, and starts nothing afterwards.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobAbort } from './queue.port.js';
import {
  type MakeQueue,
  Runs,
  TEST_TIMEOUT_MS,
  untilAborted,
  waitFor,
} from './queue.helpers.contract.js';

/** close(grace) lets running jobs finish within the grace, aborts the rest, starts no more. */
export function queueCloseContract(makeQueue: MakeQueue): void {
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
}
