import type { Readable } from 'node:stream';

export type ObjectKind = 'input' | 'result';

/** Names one object. Every part is an opaque id: no user id, file name or content. */
export interface ObjectRef {
  /** Keyed hash of the owner's user id. */
  readonly owner: string;
  readonly jobId: string;
  readonly kind: ObjectKind;
}

export interface StoredObject {
  readonly ref: ObjectRef;
  readonly bytes: number;
  readonly modifiedAt: number;
  /** True for a write that has not completed (an upload in progress, or one a crash cut off). */
  readonly partial: boolean;
}

/** Thrown by `get` when the object does not exist. */
export class ObjectMissingError extends Error {
  constructor() {
    super('object missing');
    this.name = 'ObjectMissingError';
  }
}

/** Temporary object storage. It sees only ciphertext; encryption happens in SealedStore. */
export interface TempStore {
  /** Writes a stream as one object; it becomes visible only once complete, and a failed write leaves nothing. */
  put(ref: ObjectRef, body: Readable, signal?: AbortSignal): Promise<{ bytes: number }>;
  /** Opens an object for reading; rejects with ObjectMissingError if it does not exist. */
  get(ref: ObjectRef, signal?: AbortSignal): Promise<Readable>;
  /** Deletes an object and any partial write of it; resolves true if anything existed. */
  delete(ref: ObjectRef): Promise<boolean>;
  /** Deletes every object of one owner, complete or partial; resolves with how many. */
  deleteOwner(owner: string): Promise<number>;
  /** Lists every object, complete and partial, for the sweeper. */
  list(signal?: AbortSignal): AsyncIterable<StoredObject>;
  /** Resolves when the store is reachable and writable. */
  ping(): Promise<void>;
}

const OWNER = /^[0-9a-f]{32}$/;
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isValidOwner(owner: string): boolean {
  return OWNER.test(owner);
}

export function isValidJobId(jobId: string): boolean {
  return JOB_ID.test(jobId);
}

/** Refuses anything that is not one of our ids, so no ref can escape its directory or prefix. */
export function assertValidRef(ref: ObjectRef): void {
  if (
    !isValidOwner(ref.owner) ||
    !isValidJobId(ref.jobId) ||
    !['input', 'result'].includes(ref.kind)
  )
    throw new Error('invalid object reference');
}
