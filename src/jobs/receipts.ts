import type { PublicJobStatus } from '../domain/job.js';
import type { DeletedArtefact } from './job-deleter.js';

/** What acknowledge, cancel or delete of one job answers. */
export interface DeletionReceipt {
  readonly jobId: string;
  readonly action: 'acknowledged' | 'cancelled' | 'deleted';
  readonly status: PublicJobStatus;
  readonly deletedAt: number;
  readonly deleted: readonly DeletedArtefact[];
}

/** What a purge of all of one user's data answers. */
export interface PurgeReceipt {
  readonly deletedAt: number;
  readonly jobs: number;
  readonly objects: number;
}
