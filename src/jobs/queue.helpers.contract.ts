// Shared by the JobQueue contract modules: the MakeQueue type, timeouts, gates and polling helpers.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JobQueue, QueueCounts } from './queue.port.js';

export type MakeQueue = (
  concurrency: number,
) => Promise<{ queue: JobQueue; cleanup: () => Promise<void> }>;

/** Per-test limit: timing tests use generous margins, and a hang must fail rather than stall. */
export const TEST_TIMEOUT_MS = 20_000;

export interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Resolves with the abort reason once `signal` is aborted. */
export function untilAborted(signal: AbortSignal): Promise<unknown> {
  if (signal.aborted) return Promise.resolve(signal.reason);
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => resolve(signal.reason), { once: true });
  });
}

/** Polls `predicate` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  predicate: () => boolean,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export async function waitForCounts(queue: JobQueue, expected: QueueCounts, timeoutMs = 5000) {
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
export class Runs {
  readonly log: string[] = [];
  count(jobId: string): number {
    return this.log.filter((id) => id === jobId).length;
  }
}

/** The `withQueue(concurrency, body)` of a contract: runs `body` on a fresh queue, then cleans up. */
export function withQueueOf(makeQueue: MakeQueue) {
  return async function withQueue(concurrency: number, body: (queue: JobQueue) => Promise<void>) {
    const { queue, cleanup } = await makeQueue(concurrency);
    try {
      await body(queue);
    } finally {
      await cleanup();
    }
  };
}
