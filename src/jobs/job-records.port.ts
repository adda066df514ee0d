import type { JobRecord } from '../domain/job.js';

/** Returns the changed record, or undefined to leave it as it is. */
export type JobChange = (current: Readonly<JobRecord>) => JobRecord | undefined;

export interface JobFilter {
  readonly owner?: string;
  readonly expiresBefore?: number;
  /** Only jobs not yet succeeded, failed or cancelled. */
  readonly unfinished?: boolean;
}

export type JobListener = (record: JobRecord | undefined) => void;

/** Job records: ids, state, progress and wrapped keys, each living no longer than its job. */
export interface JobRecordStore {
  /** Stores a new record; rejects if the id exists. */
  create(record: JobRecord): Promise<void>;
  /** The record, or undefined. */
  get(id: string): Promise<JobRecord | undefined>;
  /** Applies `change` atomically, bumping version and updatedAt; undefined if absent or declined. */
  update(id: string, change: JobChange): Promise<JobRecord | undefined>;
  /** Removes a record; resolves true if it existed. */
  delete(id: string): Promise<boolean>;
  /** Records matching every given filter: one owner, expiring at or before a time, unfinished. */
  list(filter: JobFilter): Promise<JobRecord[]>;
  /** Calls `listener` after every change of one record (undefined once deleted); returns an unsubscribe. */
  watch(id: string, listener: JobListener): () => void;
}
