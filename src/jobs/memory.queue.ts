import type { Logger } from '../observability/logger.js';
import { JobAbort, type JobHandler, type JobQueue, type QueueCounts } from './queue.port.js';
import { CANCEL_WAIT_MS, within } from './within.js';

/** In-process queue with bounded concurrency, for the embedded mode. */
export class MemoryQueue implements JobQueue {
  readonly #concurrency: number;
  readonly #log: Logger;
  readonly #waiting: string[] = [];
  readonly #delayed = new Map<string, NodeJS.Timeout>();
  readonly #active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  #handler: JobHandler | undefined;
  #closed = false;

  constructor(options: { concurrency: number; logger: Logger }) {
    this.#concurrency = options.concurrency;
    this.#log = options.logger;
  }

  async enqueue(jobId: string, delayMs = 0): Promise<void> {
    if (this.#closed) throw new Error('queue closed');
    if (delayMs > 0) {
      clearTimeout(this.#delayed.get(jobId));
      const timer = setTimeout(() => {
        this.#delayed.delete(jobId);
        this.#push(jobId);
      }, delayMs);
      this.#delayed.set(jobId, timer);
      return;
    }
    this.#push(jobId);
  }

  async cancel(jobId: string): Promise<void> {
    const index = this.#waiting.indexOf(jobId);
    if (index >= 0) this.#waiting.splice(index, 1);
    clearTimeout(this.#delayed.get(jobId));
    this.#delayed.delete(jobId);
    const active = this.#active.get(jobId);
    if (active !== undefined) {
      active.controller.abort(new JobAbort('cancelled'));
      // A parser may take a moment to notice; the handler re-checks the record before it
      // stores anything, so the caller need not wait for it indefinitely.
      await within(active.done, CANCEL_WAIT_MS);
    }
  }

  start(handler: JobHandler): void {
    this.#handler = handler;
    this.#pump();
  }

  async close(graceMs: number): Promise<void> {
    this.#closed = true;
    for (const timer of this.#delayed.values()) clearTimeout(timer);
    this.#delayed.clear();
    this.#waiting.length = 0;
    const running = [...this.#active.values()];
    const all = Promise.all(running.map((r) => r.done));
    if ((await within(all, graceMs)) === 'timeout') {
      for (const r of running) r.controller.abort(new JobAbort('shutdown'));
      // A handler stuck in code that ignores its signal must not hold the shutdown forever.
      await within(all, CANCEL_WAIT_MS);
    }
  }

  async counts(): Promise<QueueCounts> {
    return {
      waiting: this.#waiting.length,
      delayed: this.#delayed.size,
      active: this.#active.size,
    };
  }

  #push(jobId: string): void {
    if (this.#closed || this.#active.has(jobId) || this.#waiting.includes(jobId)) return;
    this.#waiting.push(jobId);
    this.#pump();
  }

  #pump(): void {
    const handler = this.#handler;
    if (handler === undefined) return;
    while (!this.#closed && this.#active.size < this.#concurrency && this.#waiting.length > 0) {
      const jobId = this.#waiting.shift();
      if (jobId === undefined) break;
      const controller = new AbortController();
      const done = this.#run(handler, jobId, controller).then((retryInMs) => {
        this.#active.delete(jobId);
        // Re-queued only once it has left the active set, and never after a cancel.
        if (retryInMs !== undefined && !this.#closed && !controller.signal.aborted)
          void this.enqueue(jobId, retryInMs).catch(() => undefined);
        this.#pump();
      });
      this.#active.set(jobId, { controller, done });
    }
  }

  /** Runs the handler; resolves with the delay of the next run, if one is wanted. */
  async #run(
    handler: JobHandler,
    jobId: string,
    controller: AbortController,
  ): Promise<number | undefined> {
    try {
      const outcome = await handler(jobId, { signal: controller.signal });
      return outcome?.retryInMs;
    } catch (error) {
      // The handler records its own failures; reaching here is a bug. The job record's attempt
      // budget bounds how often this can repeat, as it would after a crash.
      this.#log.error({ err: error, jobId }, 'job handler threw');
      return 1000;
    }
  }
}
