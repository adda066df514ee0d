import type { ErrorCode } from './errors.js';
import type { MediaType } from './media-type.js';

export const JOB_STATUSES = [
  'queued',
  'processing',
  'retrying',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const STAGES = [
  'queued',
  'decrypt',
  'validate',
  'extract',
  'interpret',
  'format',
  'store',
  'done',
] as const;
export type Stage = (typeof STAGES)[number];

export interface JobProgress {
  stage: Stage;
  page?: number;
  pages?: number;
  percent: number;
}

export interface JobFailure {
  code: ErrorCode;
  retryable: boolean;
  /** The user-facing detail, when more specific than the catalogue's (never content). */
  detail?: string;
}

/**
 * What the service remembers about a job. It holds ids, state and wrapped data keys only:
 * never a user id in clear (`owner` is a keyed hash), a file name or document content.
 */
export interface JobRecord {
  id: string;
  /** Keyed hash of the token's `sub`. */
  owner: string;
  status: JobStatus;
  progress: JobProgress;
  /** Attempts started so far, including ones lost to a crash. */
  attempts: number;
  mediaType: MediaType;
  sizeBytes: number;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  /** Increases on every change; used for SSE event ids and ETags. */
  version: number;
  /** Wrapped data key of the encrypted upload, present while the upload is stored. */
  inputKey?: string;
  /** Wrapped data key of the encrypted result, present while the result is stored. */
  resultKey?: string;
  error?: JobFailure;
  /** Owner-scoped hash of the Idempotency-Key that created the job, to release it on purge. */
  idempotencyKey?: string;
  /** Set once the artefacts were deleted by acknowledge, cancel or purge. */
  deletedAt?: number;
}

const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  queued: ['processing', 'cancelled', 'failed'],
  processing: ['processing', 'retrying', 'succeeded', 'failed', 'cancelled'],
  retrying: ['processing', 'cancelled', 'failed'],
  succeeded: [],
  failed: [],
  cancelled: [],
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(status: JobStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/** Weighted overall percentage for a stage (and page within extraction). */
export function percentFor(stage: Stage, page?: number, pages?: number): number {
  switch (stage) {
    case 'queued':
      return 0;
    case 'decrypt':
      return 5;
    case 'validate':
      return 10;
    case 'extract': {
      if (page === undefined || pages === undefined || pages === 0) return 15;
      return Math.round(15 + (60 * Math.min(page, pages)) / pages);
    }
    case 'interpret':
      return 80;
    case 'format':
      return 90;
    case 'store':
      return 95;
    case 'done':
      return 100;
  }
}
