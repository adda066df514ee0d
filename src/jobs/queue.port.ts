/** Why a running job's signal was aborted. */
export type AbortCause = 'cancelled' | 'shutdown';

export class JobAbort extends Error {
  readonly abortCause: AbortCause;
  constructor(cause: AbortCause) {
    super(`job ${cause}`);
    this.name = 'JobAbort';
    this.abortCause = cause;
  }
}

export interface JobContext {
  /** Aborted with a JobAbort when the job is cancelled or the process shuts down. */
  readonly signal: AbortSignal;
}

/** What the handler wants next: nothing (done), or another run after a delay. */
export type JobOutcome = { readonly retryInMs: number } | undefined;

export type JobHandler = (jobId: string, context: JobContext) => Promise<JobOutcome>;

export interface QueueCounts {
  readonly waiting: number;
  readonly delayed: number;
  readonly active: number;
}

/** The job queue. It carries job ids only; everything else is in the job record. */
export interface JobQueue {
  /** Adds a job, to run after `delayMs` (default now). */
  enqueue(jobId: string, delayMs?: number): Promise<void>;
  /** Removes a waiting or delayed job and aborts it if running. */
  cancel(jobId: string): Promise<void>;
  /** Starts consuming jobs with the handler, at the configured concurrency. */
  start(handler: JobHandler): void;
  /** Stops taking jobs, waits up to `graceMs` for running ones, then aborts them. */
  close(graceMs: number): Promise<void>;
  /** Jobs waiting, delayed and running. */
  counts(): Promise<QueueCounts>;
}
