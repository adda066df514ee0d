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
/** Statuses the API shows. */
export type PublicJobStatus = (typeof JOB_STATUSES)[number];
/**
 * `uploading` is internal: a resumable upload in progress holds a record (its chunks' keys, its
 * expiry, the owner's quota) but is not a job yet, so the jobs API answers 404 until it is.
 */
export type JobStatus = PublicJobStatus | 'uploading';

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

/** One encrypted chunk of a resumable upload, in order. */
export interface UploadChunk {
  /** Plaintext bytes it holds. */
  bytes: number;
  /** Its wrapped data key. */
  key: string;
  /** Random tag of its object (two racing writes of one chunk never share an object). */
  tag: string;
}

/** A resumable upload in progress: its announced length and the chunks received so far. */
export interface UploadState {
  length: number;
  chunks: UploadChunk[];
  /** When the last byte arrived and the job began to be made of the chunks. */
  completingAt?: number;
}

/** Bytes of a resumable upload received so far. */
export function uploadOffset(upload: UploadState): number {
  return upload.chunks.reduce((sum, chunk) => sum + chunk.bytes, 0);
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
  /** While `uploading`, the declared type; the bytes decide once the upload is complete. */
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
  /** While `uploading`: the chunks received (their keys); gone once the job is queued. */
  upload?: UploadState;
}

const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  uploading: ['queued', 'cancelled'],
  queued: ['processing', 'cancelled', 'failed'],
  processing: ['processing', 'retrying', 'succeeded', 'failed', 'cancelled'],
  retrying: ['processing', 'cancelled', 'failed'],
  succeeded: [],
  failed: [],
  cancelled: [],
};

/** The status the API shows: an upload in progress, if ever shown, is still to be queued. */
export function publicStatus(status: JobStatus): PublicJobStatus {
  return status === 'uploading' ? 'queued' : status;
}

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
