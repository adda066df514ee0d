import { randomBytes } from 'node:crypto';
import { Transform, pipeline, type Readable } from 'node:stream';
import { ServiceError } from '../domain/errors.js';
import { uploadOffset, type JobRecord, type UploadState } from '../domain/job.js';
import { essence, isMediaType } from '../domain/media-type.js';
import type { AuditLog } from '../observability/audit.js';
import type { SealedStore } from '../storage/sealed-store.js';
import {
  MAX_CHUNKS,
  chunkKind,
  isValidJobId,
  type ObjectRef,
  type TempStore,
} from '../storage/store.port.js';
import type { JobDeleter } from './job-deleter.js';
import type { JobRecordStore } from './job-records.port.js';
import type { JobService } from './job.service.js';
import type { UploadCompletion } from './upload-completion.js';

/** The offset a chunk was sent for is no longer the upload's (another request moved it). */
export class OffsetConflictError extends Error {
  constructor() {
    super('upload offset changed');
    this.name = 'OffsetConflictError';
  }
}

/** What a resumable upload looks like to its client. */
export interface UploadProgress {
  readonly id: string;
  readonly length: number;
  /** Bytes received; equal to `length` once complete (the job then exists). */
  readonly offset: number;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface ResumableUploadsDeps {
  readonly jobs: JobService;
  readonly completion: UploadCompletion;
  readonly records: JobRecordStore;
  readonly sealed: SealedStore;
  readonly store: TempStore;
  readonly deleter: JobDeleter;
  readonly ttlSeconds: number;
  readonly maxUploadBytes: number;
  readonly audit: AuditLog;
  readonly now: () => number;
}

/** Declared types the bytes will decide on (anything else specific is refused at once). */
const GENERIC = new Set(['application/octet-stream', 'binary/octet-stream']);
/** A completion not finished after this long is taken to have died with its process. */
const COMPLETION_LEASE_MS = 2 * 60 * 1000;
const PURGED = 'Your data was deleted while this upload was in progress.';

/**
 * Resumable uploads (the storage side of tus): the upload's id is the job's id. Every chunk is
 * encrypted as it arrives under a data key of its own, whose wrapped key the record keeps; a
 * chunk cut off by a dropped connection keeps what arrived. The last byte makes the job (see
 * UploadCompletion). A purge stops appends and completions in flight.
 */
export class ResumableUploads {
  readonly #deps: ResumableUploadsDeps;

  constructor(deps: ResumableUploadsDeps) {
    this.#deps = deps;
  }

  /** Starts an upload of `length` bytes: the same admission as a plain upload. */
  async begin(owner: string, id: string, length: number, declaredType?: string): Promise<void> {
    const { records, now, ttlSeconds, audit, jobs } = this.#deps;
    if (!isValidJobId(id)) throw new ServiceError('internal');
    if (length > this.#deps.maxUploadBytes) throw new ServiceError('file_too_large');
    const declared = essence(declaredType);
    if (declared !== undefined && !isMediaType(declared) && !GENERIC.has(declared))
      throw new ServiceError('unsupported_media_type');
    // Counted while it is admitted, so concurrent starts of one user cannot pass the limit
    // together (within this process; see docs/deployment.md for replicas).
    const tracked = jobs.track(owner, true);
    try {
      await jobs.admit(owner, length, tracked.others());
      const createdAt = now();
      await records.create({
        id,
        owner,
        status: 'uploading',
        progress: { stage: 'queued', percent: 0 },
        attempts: 0,
        mediaType: declared !== undefined && isMediaType(declared) ? declared : 'application/pdf',
        sizeBytes: length,
        createdAt,
        updatedAt: createdAt,
        expiresAt: createdAt + ttlSeconds * 1000,
        version: 1,
        upload: { length, chunks: [] },
      });
    } finally {
      tracked.release();
    }
    audit.record({ type: 'upload.started', jobId: id, owner, bytes: length });
  }

  /**
   * The upload's progress; a completed one reports every byte received. An upload whose bytes
   * are all in but whose job does not exist yet reports one chunk short: the client sends it
   * again and so completes it, also after a completion that died with its process.
   */
  async progress(owner: string, id: string): Promise<UploadProgress> {
    const record = await this.#owned(owner, id);
    const { createdAt, expiresAt } = record;
    const upload = record.status === 'uploading' ? record.upload : undefined;
    if (upload === undefined) {
      if (record.deletedAt !== undefined) throw new ServiceError('expired');
      return { id, length: record.sizeBytes, offset: record.sizeBytes, createdAt, expiresAt };
    }
    const offset = uploadOffset(upload);
    const base = { id, length: upload.length, createdAt, expiresAt };
    if (offset < upload.length) return { ...base, offset };
    const last = upload.chunks.at(-1)?.bytes ?? 0;
    const since = upload.completingAt ?? 0;
    if (this.#deps.now() - since > COMPLETION_LEASE_MS)
      await this.#deps.completion.reopen(record, upload);
    return { ...base, offset: offset - last };
  }

  /**
   * Stores the bytes of one request at `offset` as the next chunk; resolves with the new offset.
   * The last chunk completes the upload: the job is created before this resolves.
   */
  async append(owner: string, id: string, offset: number, body: Readable): Promise<number> {
    const tracked = this.#deps.jobs.track(owner, false);
    try {
      const record = await this.#owned(owner, id);
      const upload = record.status === 'uploading' ? record.upload : undefined;
      if (upload === undefined || uploadOffset(upload) !== offset) throw new OffsetConflictError();
      const index = upload.chunks.length;
      if (index >= MAX_CHUNKS) {
        await this.#deps.deleter.delete(record, 'failed', { keepTombstone: false, stop: false });
        throw new ServiceError('bad_request', {
          detail: 'This upload was interrupted too often. Start the upload again.',
        });
      }
      const chunk = await this.#write(record, index, body, tracked.signal);
      if (chunk.bytes === 0) {
        await this.#deps.store.delete(chunk.ref);
        return offset;
      }
      const reached = offset + chunk.bytes;
      const updated = await this.#record(id, index, offset, reached, chunk);
      if (updated?.upload === undefined) {
        // Cancelled, purged, expired or overtaken meanwhile: this chunk must not stay.
        await this.#deps.store.delete(chunk.ref);
        if (tracked.signal.aborted) throw new ServiceError('expired', { detail: PURGED });
        throw new OffsetConflictError();
      }
      if (reached === updated.upload.length)
        await this.#deps.completion.complete(updated, updated.upload, tracked.signal);
      return reached;
    } finally {
      tracked.release();
    }
  }

  /** Resolves if the upload (or the job it became) is the owner's; else not_found or expired. */
  async assertOwned(owner: string, id: string): Promise<void> {
    await this.#owned(owner, id);
  }

  /** Ends an upload in progress and deletes what it stored (tus termination). */
  async terminate(owner: string, id: string): Promise<void> {
    const record = await this.#owned(owner, id);
    if (record.status !== 'uploading') throw new ServiceError('not_found');
    await this.#deps.deleter.delete(record, 'cancelled', { keepTombstone: false, stop: false });
  }

  /** The owner's upload (or the job it became); another owner's is indistinguishable from none. */
  async #owned(owner: string, id: string): Promise<JobRecord> {
    const record = isValidJobId(id) ? await this.#deps.records.get(id) : undefined;
    if (record?.owner !== owner) throw new ServiceError('not_found');
    if (record.expiresAt <= this.#deps.now()) throw new ServiceError('expired');
    return record;
  }

  /** Encrypts one request's bytes as the chunk `index`; counts plaintext (the store counts ciphertext). */
  async #write(record: JobRecord, index: number, body: Readable, signal: AbortSignal) {
    const tag = randomBytes(4).toString('hex');
    const ref: ObjectRef = { owner: record.owner, jobId: record.id, kind: chunkKind(index, tag) };
    let bytes = 0;
    const counter = new Transform({
      transform(part: Buffer, _encoding, done) {
        bytes += part.length;
        done(null, part);
      },
    });
    try {
      const counted = pipeline(body, counter, () => undefined);
      const { wrappedKey } = await this.#deps.sealed.write(ref, counted, signal);
      return { ref, tag, bytes, key: wrappedKey };
    } catch (error) {
      await this.#deps.store.delete(ref);
      if (signal.aborted) throw new ServiceError('expired', { detail: PURGED });
      throw error;
    }
  }

  /** Adds the chunk if the upload is still where this request found it, and not expired. */
  async #record(
    id: string,
    index: number,
    offset: number,
    reached: number,
    chunk: { bytes: number; key: string; tag: string },
  ): Promise<JobRecord | undefined> {
    const now = this.#deps.now();
    return this.#deps.records.update(id, (current) => {
      const upload = current.status === 'uploading' ? current.upload : undefined;
      if (upload?.chunks.length !== index || uploadOffset(upload) !== offset) return undefined;
      if (current.expiresAt <= now) return undefined;
      const chunks = [...upload.chunks, { bytes: chunk.bytes, key: chunk.key, tag: chunk.tag }];
      const next: UploadState = { length: upload.length, chunks };
      if (reached === upload.length) next.completingAt = now;
      return { ...current, upload: next };
    });
  }
}
