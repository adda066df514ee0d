import { setTimeout as sleep } from 'node:timers/promises';
import { DelayedError, Queue, WaitingError, Worker, type Job } from 'bullmq';
import type { Logger } from '../../observability/logger.js';
import { JobAbort, type JobHandler, type JobQueue, type QueueCounts } from '../queue.port.js';
import { CancelChannel, type RedisConnection } from './cancel-channel.js';
import { CANCEL_WAIT_MS, within } from '../within.js';

export type { RedisConnection } from './cancel-channel.js';

const QUEUE_NAME = 'jobs';
const JOB_NAME = 'process';
const CANCEL_POLL_MS = 50;

export interface BullMqQueueOptions {
  readonly connection: RedisConnection;
  /** Prefix of BullMQ's keys and of the cancel channel. */
  readonly prefix: string;
  /** Jobs this process runs at once. */
  readonly concurrency: number;
  readonly logger: Logger;
  /** How often this worker looks for jobs whose worker died (BullMQ default 30 s). */
  readonly stalledIntervalMs?: number;
  /** Times a job may be recovered from a dead worker before BullMQ fails (and drops) it. */
  readonly maxStalledCount?: number;
  /** How long a worker's claim on a job lasts without renewal (BullMQ default 30 s). */
  readonly lockDurationMs?: number;
}

interface Payload {
  readonly jobId: string;
}

/**
 * The job queue on BullMQ, shared by every process. It carries `{ jobId }` only, keeps no
 * finished job, and leaves retries to the job record and the runner: a handler's `retryInMs`
 * moves the same BullMQ job back to delayed. Cancels reach the running worker over pub/sub.
 */
export class BullMqQueue implements JobQueue {
  readonly #options: BullMqQueueOptions;
  readonly #log: Logger;
  readonly #queue: Queue<Payload>;
  readonly #cancels: CancelChannel;
  readonly #active = new Map<string, AbortController>();
  #worker: Worker<Payload> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: BullMqQueueOptions) {
    this.#options = options;
    this.#log = options.logger;
    this.#queue = new Queue<Payload>(QUEUE_NAME, {
      // Adding and counting fail at once while Redis is away (no offline queue): the API then
      // answers 503 instead of holding an upload it cannot enqueue.
      connection: { ...options.connection, enableOfflineQueue: false },
      prefix: options.prefix,
      // BullMQ counts the first try in `attempts`: 1 means BullMQ never retries on its own.
      // Retries (and their budget, crashes included) live in the job record and the runner.
      defaultJobOptions: { attempts: 1, removeOnComplete: true, removeOnFail: true },
      // The event stream feeds QueueEvents, which we do not use: keep no job ids in it.
      streams: { events: { maxLen: 0 } },
    });
    this.#queue.on('error', (error) => this.#log.warn({ err: error }, 'queue connection error'));
    this.#cancels = new CancelChannel({
      connection: options.connection,
      channel: `${options.prefix}:${QUEUE_NAME}:cancel`,
      logger: this.#log,
      onCancel: (jobId) => this.#active.get(jobId)?.abort(new JobAbort('cancelled')),
    });
  }

  async enqueue(jobId: string, delayMs = 0): Promise<void> {
    if (this.#closing !== undefined) throw new Error('queue closed');
    await this.#queue.add(
      JOB_NAME,
      { jobId },
      { jobId: bullId(jobId), delay: Math.max(0, delayMs) },
    );
  }

  async cancel(jobId: string): Promise<void> {
    const deadline = performance.now() + CANCEL_WAIT_MS;
    // Removal fails while a worker holds the job: tell every process to abort it, and repeat
    // until it has left `active` (the worker may not have registered its run yet).
    while ((await this.#queue.remove(bullId(jobId))) === 0) {
      const state = await this.#queue.getJobState(bullId(jobId));
      if (state === 'unknown') return;
      if (state === 'active') await this.#cancels.publish(jobId);
      if (performance.now() > deadline) return;
      await sleep(CANCEL_POLL_MS);
    }
  }

  start(handler: JobHandler): void {
    if (this.#worker !== undefined || this.#closing !== undefined) return;
    const options = this.#options;
    this.#worker = new Worker<Payload>(
      QUEUE_NAME,
      (job, token) => this.#process(handler, job, token),
      {
        connection: { ...options.connection, maxRetriesPerRequest: null },
        prefix: options.prefix,
        concurrency: options.concurrency,
        // Unset options must be absent, not undefined, or they override BullMQ's defaults.
        ...defined({
          stalledInterval: options.stalledIntervalMs,
          maxStalledCount: options.maxStalledCount,
          lockDuration: options.lockDurationMs,
        }),
      },
    );
    this.#worker.on('error', (error) => this.#log.warn({ err: error }, 'worker connection error'));
    // Only a job that stalled more than maxStalledCount times gets here; its record stays.
    this.#worker.on('failed', (job, error) =>
      this.#log.error({ err: error, jobId: job?.id }, 'queue dropped a job'),
    );
  }

  close(graceMs: number): Promise<void> {
    this.#closing ??= this.#shutdown(graceMs);
    return this.#closing;
  }

  async counts(): Promise<QueueCounts> {
    // We never pause the BullMQ queue itself, so no job waits in its paused list.
    const c = await this.#queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      delayed: c.delayed ?? 0,
      active: c.active ?? 0,
    };
  }

  async #shutdown(graceMs: number): Promise<void> {
    const worker = this.#worker;
    if (worker !== undefined) {
      const stopped = worker.close();
      if ((await within(stopped, graceMs)) === 'timeout') {
        for (const run of this.#active.values()) run.abort(new JobAbort('shutdown'));
        // A handler that ignores its signal must not hold the shutdown forever: dropping the
        // connections ends its lock, and another worker recovers the job as stalled.
        if ((await within(stopped, CANCEL_WAIT_MS)) === 'timeout')
          await within(worker.disconnect(), CANCEL_WAIT_MS);
      }
    }
    // After a Redis outage a graceful close can wait for a connection that never comes back:
    // bounded, then the connections are dropped, so a shutdown always ends.
    if ((await within(this.#queue.close(), CANCEL_WAIT_MS)) === 'timeout')
      await within(this.#queue.disconnect(), CANCEL_WAIT_MS);
    await within(this.#cancels.close(), CANCEL_WAIT_MS);
  }

  /** One run of a job: the handler, then complete (removed), delay or wait per its outcome. */
  async #process(handler: JobHandler, job: Job<Payload>, token?: string): Promise<void> {
    await this.#cancels.listening; // a run must be able to hear its cancel
    const { jobId } = job.data;
    const controller = new AbortController();
    this.#active.set(jobId, controller);
    let retryInMs: number | undefined;
    try {
      retryInMs = await this.#run(handler, jobId, controller.signal);
    } finally {
      this.#active.delete(jobId);
    }
    const reason: unknown = controller.signal.reason;
    if (reason instanceof JobAbort && reason.abortCause === 'cancelled') return;
    if (retryInMs !== undefined && retryInMs > 0) {
      await job.moveToDelayed(Date.now() + retryInMs, token);
      throw new DelayedError();
    }
    // A run cut short by shutdown is not done: back to waiting, for another worker.
    if (retryInMs !== undefined || reason instanceof JobAbort) {
      await job.moveToWait(token);
      throw new WaitingError();
    }
  }

  /** Runs the handler; resolves with the delay of the next run, if one is wanted. */
  async #run(handler: JobHandler, jobId: string, signal: AbortSignal): Promise<number | undefined> {
    try {
      const outcome = await handler(jobId, { signal });
      return outcome?.retryInMs;
    } catch (error) {
      // The handler records its own failures; reaching here is a bug. The job record's attempt
      // budget bounds how often this can repeat, as it would after a crash.
      this.#log.error({ err: error, jobId }, 'job handler threw');
      return 1000;
    }
  }
}

/**
 * BullMQ keeps a job under `{prefix}:{queue}:{id}`, beside its own keys (`…:delayed`,
 * `…:marker`, `…:meta`), and rejects ids that are integers: a fixed prefix keeps any job id clear.
 */
function bullId(jobId: string): string {
  return `job_${jobId}`;
}

function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
