import type { ErrorCode } from '../domain/errors.js';
import type { Logger } from './logger.js';

/** Audit events: ids, sizes, durations and codes, never content, file names or user ids. */
export type AuditEvent =
  | { type: 'job.created'; jobId: string; owner: string; bytes: number; mediaType: string }
  | { type: 'job.processed'; jobId: string; attempt: number; durationMs: number; pages: number }
  | { type: 'job.retrying'; jobId: string; attempt: number; code: ErrorCode; delayMs: number }
  | { type: 'job.failed'; jobId: string; attempt: number; code: ErrorCode }
  | { type: 'job.delivered'; jobId: string; format: string }
  | { type: 'job.deleted'; jobId: string; reason: DeletionReason; objects: number }
  | { type: 'user.purged'; owner: string; jobs: number; objects: number }
  | { type: 'upload.rejected'; code: ErrorCode; bytes: number }
  | { type: 'upload.started'; jobId: string; owner: string; bytes: number }
  | { type: 'sweep.completed'; jobs: number; objects: number; everything: boolean };

export type DeletionReason = 'acknowledged' | 'cancelled' | 'expired' | 'purged' | 'failed';

export interface AuditLog {
  /** Records one event. */
  record(event: AuditEvent): void;
}

/** Audit events go to the structured log under `audit: true`, where a collector can route them. */
export function createAuditLog(logger: Logger): AuditLog {
  const child = logger.child({ audit: true });
  return { record: (event) => child.info(event, event.type) };
}
