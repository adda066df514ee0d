import { randomBytes } from 'node:crypto';
import { Readable, Transform, pipeline } from 'node:stream';
import { ServiceError, type ErrorCode } from '../domain/errors.js';
import { uploadOffset, type JobRecord, type UploadState } from '../domain/job.js';
import { essence, isMediaType } from '../domain/media-type.js';
import type { AuditLog } from '../observability/audit.js';
import type { Metrics } from '../observability/metrics.js';
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
  readonly records: JobRecordStore;
  readonly sealed: SealedStore;
  readonly store: TempStore;
  readonly deleter: JobDeleter;
  readonly ttlSeconds: number;
  readonly maxUploadBytes: number;
  readonly metrics: Metrics;
  readonly audit: AuditLog;
  readonly now: () => number;
}

/** A chunk's plaintext is read whole and verified before it is passed on; bounded by this. */
const MAX_CHUNK_READ_BYTES = 512 * 1024 * 1024;
/** Failures that are the file's own: resuming cannot help, so the upload is deleted. */
const REFUSALS = new Set<ErrorCode>([
  'unsupported_media_type',
  'file_too_large',
  'bad_request',
  'corrupt_document',
  'password_protected',
]);
/** Declared types the bytes will decide on (anything else specific is refused at once). */
const GENERIC = new Set(['application/octet-stream', 'binary/octet-stream']);

/**
 * Resumable uploads (the storage side of tus): the upload's id is the job's id. Every chunk is
 * encrypted as it arrives under a data key of its own, whose wrapped key the record keeps; a
 * chunk cut off by a dropped connection keeps what arrived. Once the last byte is in, the
 * chunks are joined, checked and encrypted as one upload exactly as `POST /v1/documents` does,
 * and the job is queued; the chunks are deleted.
 */
export class ResumableUploads {
  readonly #deps: ResumableUploadsDeps;

  constructor(deps: ResumableUploadsDeps) {
    this.#deps = deps;
  }

  /** Starts an upload of `length` bytes: the same admission as a plain upload. */
  async begin(owner: string, id: string, length: number, declaredType?: string): Promise<void> {
    const { records, now, ttlSeconds, audit } = this.#deps;
    if (!isValidJobId(id)) throw new ServiceError('internal');
    if (length > this.#deps.maxUploadBytes) throw new ServiceError('file_too_large');
    const declared = essence(declaredType);
    if (declared !== undefined && !isMediaType(declared) && !GENERIC.has(declared))
      throw new ServiceError('unsupported_media_type');
    await this.#deps.jobs.admit(owner, length);
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
    audit.record({ type: 'upload.started', jobId: id, owner, bytes: length });
  }

  /** The upload's progress; a completed one reports every byte received. */
  async progress(owner: string, id: string): Promise<UploadProgress> {
    const record = await this.#owned(owner, id);
    const { createdAt, expiresAt } = record;
    if (record.status === 'uploading' && record.upload !== undefined)
      return {
        id,
        length: record.upload.length,
        offset: uploadOffset(record.upload),
        createdAt,
        expiresAt,
      };
    if (record.deletedAt !== undefined) throw new ServiceError('expired');
    return { id, length: record.sizeBytes, offset: record.sizeBytes, createdAt, expiresAt };
  }

  /**
   * Stores the bytes of one request at `offset` as the next chunk; resolves with the new offset.
   * The last chunk completes the upload: the job is created before this resolves.
   */
  async append(
    owner: string,
    id: string,
    offset: number,
    body: Readable,
    signal: AbortSignal,
  ): Promise<number> {
    const record = await this.#owned(owner, id);
    const upload = record.status === 'uploading' ? record.upload : undefined;
    if (upload === undefined) throw new OffsetConflictError(); // complete already
    if (uploadOffset(upload) !== offset) throw new OffsetConflictError();
    const index = upload.chunks.length;
    if (index >= MAX_CHUNKS)
      throw new ServiceError('bad_request', {
        detail: 'This upload was interrupted too often. Start the upload again.',
      });
    const tag = randomBytes(4).toString('hex');
    const ref: ObjectRef = { owner, jobId: id, kind: chunkKind(index, tag) };
    let bytes = 0; // plaintext; the store counts ciphertext
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    const counted = pipeline(body, counter, () => undefined);
    const { wrappedKey } = await this.#deps.sealed.write(ref, counted, signal);
    if (bytes === 0) {
      await this.#deps.store.delete(ref);
      return offset;
    }
    const updated = await this.#deps.records.update(id, (current) => {
      const now = current.status === 'uploading' ? current.upload : undefined;
      if (now?.chunks.length !== index || uploadOffset(now) !== offset) return undefined;
      const chunks = [...now.chunks, { bytes, key: wrappedKey, tag }];
      return { ...current, upload: { length: now.length, chunks } };
    });
    if (updated?.upload === undefined) {
      // Cancelled, purged, expired or overtaken meanwhile: this chunk must not stay.
      await this.#deps.store.delete(ref);
      throw new OffsetConflictError();
    }
    const reached = offset + bytes;
    if (reached === updated.upload.length) await this.#complete(updated, updated.upload);
    return reached;
  }

  /** Ends an upload in progress and deletes what it stored (tus termination). */
  async terminate(owner: string, id: string): Promise<void> {
    const record = await this.#owned(owner, id);
    if (record.status !== 'uploading') throw new ServiceError('not_found');
    await this.#deps.deleter.delete(record, 'cancelled', { keepTombstone: false, stop: false });
  }

  async #owned(owner: string, id: string): Promise<JobRecord> {
    const record = isValidJobId(id) ? await this.#deps.records.get(id) : undefined;
    if (record?.owner !== owner) throw new ServiceError('not_found');
    if (record.expiresAt <= this.#deps.now()) throw new ServiceError('expired');
    return record;
  }

  /** Joins the chunks into the job's upload, queues the job and deletes the chunks. */
  async #complete(record: JobRecord, upload: UploadState): Promise<void> {
    const { jobs, store, records, metrics, audit } = this.#deps;
    const { owner, id } = record;
    const ref: ObjectRef = { owner, jobId: id, kind: 'input' };
    const inspector = jobs.inspector(undefined); // the bytes decide, as for any upload
    let sealed;
    try {
      const joined = Readable.from(this.#plaintext(owner, id, upload));
      sealed = await jobs.sealInput(ref, joined, inspector, new AbortController().signal);
    } catch (error) {
      await store.delete(ref);
      const failure =
        error instanceof ServiceError ? error : new ServiceError('internal', { cause: error });
      metrics.uploadsRejected.inc({ code: failure.code });
      audit.record({ type: 'upload.rejected', code: failure.code, bytes: inspector.bytes });
      if (REFUSALS.has(failure.code)) {
        // The file itself is refused: nothing of it stays, and resuming cannot help.
        await this.#deps.deleter.delete(record, 'failed', { keepTombstone: false, stop: false });
      } else {
        // A fault of ours: the last chunk is given back, so the client's retry completes again.
        await this.#dropLastChunk(record, upload);
      }
      throw failure;
    }
    const queued = await records.update(id, (current) => {
      if (current.status !== 'uploading' || current.upload?.chunks.length !== upload.chunks.length)
        return undefined;
      const next: JobRecord = { ...current, status: 'queued', inputKey: sealed.wrappedKey };
      next.mediaType = sealed.mediaType;
      next.sizeBytes = sealed.bytes;
      delete next.upload;
      return next;
    });
    await Promise.all(
      upload.chunks.map((chunk, i) =>
        store.delete({ owner, jobId: id, kind: chunkKind(i, chunk.tag) }),
      ),
    );
    if (queued === undefined) {
      await store.delete(ref);
      throw new ServiceError('expired', {
        detail: 'Your data was deleted while this upload was in progress.',
      });
    }
    await jobs.enqueue(queued);
    metrics.uploadBytes.inc(sealed.bytes);
    audit.record({
      type: 'job.created',
      jobId: id,
      owner,
      bytes: sealed.bytes,
      mediaType: sealed.mediaType,
    });
  }

  async #dropLastChunk(record: JobRecord, upload: UploadState): Promise<void> {
    const last = upload.chunks.length - 1;
    await this.#deps.records.update(record.id, (current) =>
      current.status === 'uploading' && current.upload?.chunks.length === upload.chunks.length
        ? { ...current, upload: { length: upload.length, chunks: upload.chunks.slice(0, last) } }
        : undefined,
    );
    const tag = upload.chunks[last]?.tag;
    if (tag === undefined) return;
    const kind = chunkKind(last, tag);
    await this.#deps.store.delete({ owner: record.owner, jobId: record.id, kind });
  }

  /** The upload's plaintext, chunk by chunk, each authenticated whole before it is passed on. */
  async *#plaintext(owner: string, id: string, upload: UploadState): AsyncGenerator<Buffer> {
    for (const [i, chunk] of upload.chunks.entries()) {
      const ref: ObjectRef = { owner, jobId: id, kind: chunkKind(i, chunk.tag) };
      yield await this.#deps.sealed.read(ref, chunk.key, {
        maxBytes: Math.min(MAX_CHUNK_READ_BYTES, chunk.bytes),
      });
    }
  }
}
