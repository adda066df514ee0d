import type { Readable } from 'node:stream';

/**
 * An upload, a result, or one chunk of a resumable upload in progress (`chunk-0-1a2b3c4d` …):
 * the index orders the chunks, the random tag keeps two racing writes of one index apart.
 */
export type ObjectKind = 'input' | 'result' | `chunk-${number}-${string}`;

/** Chunks of one resumable upload at most (each PATCH, even a cut one, adds one). */
export const MAX_CHUNKS = 1000;
const KIND = /^(?:input|result|chunk-(?:0|[1-9][0-9]{0,2})-[0-9a-f]{8})$/;
const TAG = /^[0-9a-f]{8}$/;

/** The kind of the `index`th chunk of a resumable upload, written under `tag`. */
export function chunkKind(index: number, tag: string): ObjectKind {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_CHUNKS || !TAG.test(tag))
    throw new Error('invalid chunk');
  return `chunk-${index}-${tag}`;
}

/** Which chunk a kind names, or undefined for an upload or a result. */
export function chunkIndex(kind: ObjectKind): number | undefined {
  return kind.startsWith('chunk-') ? Number(kind.split('-')[1]) : undefined;
}

export function isValidKind(kind: string): kind is ObjectKind {
  return KIND.test(kind);
}

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
  if (!isValidOwner(ref.owner) || !isValidJobId(ref.jobId) || !isValidKind(ref.kind))
    throw new Error('invalid object reference');
}
