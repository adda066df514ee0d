// The JobQueue contract: the behaviour every JobQueue adapter must show, in four parts.
import { describe } from 'node:test';
import { queueCancelContract } from './queue.cancel.contract.js';
import { queueCloseContract } from './queue.close.contract.js';
import { queueCountsErrorsContract } from './queue.counts-errors.contract.js';
import type { MakeQueue } from './queue.helpers.contract.js';
import { queueRunningContract } from './queue.running.contract.js';

export type { MakeQueue } from './queue.helpers.contract.js';

/**
 * The behaviour every JobQueue adapter must show. `makeQueue` builds a fresh, empty queue with
 * the given concurrency; `cleanup` releases it (closing it if the test did not).
 */
export function queueContract(name: string, makeQueue: MakeQueue): void {
  void describe(`JobQueue contract: ${name}`, { timeout: 120_000 }, () => {
    queueRunningContract(makeQueue);
    queueCancelContract(makeQueue);
    queueCloseContract(makeQueue);
    queueCountsErrorsContract(makeQueue);
  });
}
