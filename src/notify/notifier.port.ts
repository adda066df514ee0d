import type { ErrorCode } from '../domain/errors.js';

/** A job reached a terminal status. Ids, status and code only: never content, never the user. */
export type JobCompletion =
  | { readonly jobId: string; readonly status: 'succeeded'; readonly occurredAt: number }
  | {
      readonly jobId: string;
      readonly status: 'failed';
      readonly code: ErrorCode;
      readonly occurredAt: number;
    };

/** Tells someone outside the service that a job ended (for push notifications). */
export interface JobNotifier {
  /** Starts delivering in the background; never throws, never waits, never fails the job. */
  notify(completion: JobCompletion): void;
  /** Waits up to `timeoutMs` for deliveries under way, then abandons the rest. */
  close(timeoutMs: number): Promise<void>;
}
