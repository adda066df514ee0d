import { ServiceError } from '../domain/errors.js';
import { isTerminal, type JobRecord } from '../domain/job.js';
import type { JobService } from '../jobs/job.service.js';

/**
 * Most long-polls one process holds at once. Each costs a socket, a timer and a listener entry
 * (the Redis subscription is shared); past this, new ones get 503 + Retry-After instead of a
 * slow death by file descriptors. Per-user rate limits bound a single user well before this.
 */
export const MAX_HELD_LONG_POLLS = 5000;

export interface ChangeWaitOptions {
  /** Whether the client already has this state: only then is the request held. */
  readonly holds: (current: JobRecord) => boolean;
  readonly timeoutMs: number;
  /** Aborted when the client goes away: the wait ends and frees everything at once. */
  readonly signal: AbortSignal;
}

/** Long-polls held by one process: each waits for one job to change, its timeout, or close. */
export class LongPolls {
  readonly #jobs: Pick<JobService, 'watch' | 'get'>;
  readonly #max: number;
  /** How to release each held wait, for close. */
  readonly #held = new Set<() => void>();
  #closed = false;

  constructor(jobs: Pick<JobService, 'watch' | 'get'>, max = MAX_HELD_LONG_POLLS) {
    this.#jobs = jobs;
    this.#max = max;
  }

  /** Long-polls held right now. */
  get size(): number {
    return this.#held.size;
  }

  /**
   * The job, once it differs from what the client holds: at once when the client's copy is
   * stale or the job is terminal; otherwise after the next change, or unchanged when the
   * timeout passes, the client leaves or the server closes.
   */
  async wait(owner: string, jobId: string, options: ChangeWaitOptions): Promise<JobRecord> {
    let changed: JobRecord | undefined;
    let deleted = false;
    let wake: (() => void) | undefined;
    // Subscribed before the read, so a change in between is not lost.
    const { record, unwatch } = await this.#jobs.watch(owner, jobId, (next) => {
      if (next === undefined) deleted = true;
      else if (next.version > (changed?.version ?? 0)) changed = next;
      wake?.();
    });
    try {
      if (isTerminal(record.status) || !options.holds(record)) return record;
      const moved = () => deleted || (changed?.version ?? 0) > record.version;
      if (this.#closed || moved()) return await this.#jobs.get(owner, jobId);
      if (this.#held.size >= this.#max)
        throw new ServiceError('overloaded', {
          detail: 'Too many clients are waiting for changes right now. Try again shortly.',
          retryAfterSeconds: 5,
        });
      await new Promise<void>((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          options.signal.removeEventListener('abort', finish);
          this.#held.delete(finish);
          resolve();
        };
        wake = () => {
          if (moved()) finish();
        };
        const timer = setTimeout(finish, options.timeoutMs);
        options.signal.addEventListener('abort', finish, { once: true });
        this.#held.add(finish);
        if (options.signal.aborted) finish();
      });
      // Nobody to answer: skip the read.
      if (options.signal.aborted) return record;
      // Read again rather than trust the notification: owner and expiry checks apply, and a
      // deleted job answers its 404 or 410.
      return await this.#jobs.get(owner, jobId);
    } finally {
      unwatch();
    }
  }

  /** Releases every held long-poll (each answers with what it has) and holds no new ones. */
  close(): void {
    this.#closed = true;
    for (const finish of [...this.#held]) finish();
  }
}
