import { Readable } from 'node:stream';
import { ServiceError, type ErrorCode } from '../domain/errors.js';
import type { JobRecord, UploadState } from '../domain/job.js';
import type { AuditLog } from '../observability/audit.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { SealedStore } from '../storage/sealed-store.js';
import { chunkKind, type ObjectRef, type TempStore } from '../storage/store.port.js';
import type { JobDeleter } from './job-deleter.js';
import type { JobRecordStore } from './job-records.port.js';
import type { JobService } from './job.service.js';

export interface UploadCompletionDeps {
  readonly jobs: JobService;
  readonly records: JobRecordStore;
  readonly sealed: SealedStore;
  readonly store: TempStore;
  readonly deleter: JobDeleter;
  readonly metrics: Metrics;
  readonly audit: AuditLog;
  readonly logger: Logger;
}

/** Failures that are the file's own: resuming cannot help, so the upload is deleted. */
const REFUSALS = new Set<ErrorCode>([
  'unsupported_media_type',
  'file_too_large',
  'bad_request',
  'corrupt_document',
  'password_protected',
]);

/**
 * Makes a job of a resumable upload whose last byte is in: the chunks are decrypted in order as
 * one stream, checked and encrypted as one upload exactly as `POST /v1/documents` does, and the
 * job is queued; then the chunks are deleted. A fault of ours gives the last chunk back (the
 * client's retry completes again); a refused file deletes the upload.
 */
export class UploadCompletion {
  readonly #deps: UploadCompletionDeps;

  constructor(deps: UploadCompletionDeps) {
    this.#deps = deps;
  }

  async complete(record: JobRecord, upload: UploadState, signal: AbortSignal): Promise<void> {
    const { jobs, store, records, metrics, audit } = this.#deps;
    const { owner, id } = record;
    const ref: ObjectRef = { owner, jobId: id, kind: 'input' };
    const inspector = jobs.inspector(undefined); // the bytes decide, as for any upload
    let sealed;
    try {
      await jobs.assertQueueRoom();
      const joined = Readable.from(this.#plaintext(record, upload, signal));
      sealed = await jobs.sealInput(ref, joined, inspector, signal);
    } catch (error) {
      await this.#quietly(id, () => store.delete(ref));
      const failure = toFailure(error, signal);
      metrics.uploadsRejected.inc({ code: failure.code });
      audit.record({ type: 'upload.rejected', code: failure.code, bytes: inspector.bytes });
      if (REFUSALS.has(failure.code) || signal.aborted)
        await this.#quietly(id, () =>
          this.#deps.deleter.delete(record, 'failed', { keepTombstone: false, stop: false }),
        );
      else await this.#quietly(id, () => this.reopen(record, upload));
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
        this.#quietly(id, () => store.delete({ owner, jobId: id, kind: chunkKind(i, chunk.tag) })),
      ),
    );
    if (queued === undefined) {
      await this.#quietly(id, () => store.delete(ref));
      throw new ServiceError('expired', {
        detail: 'Your data was deleted while this upload was in progress.',
      });
    }
    // A refusal here deletes the job and answers 503: the client's tus library starts over.
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

  /**
   * Gives the last chunk back (record first, then its object), so the upload is one chunk short
   * of complete and the client's next PATCH completes it again.
   */
  async reopen(record: JobRecord, upload: UploadState): Promise<boolean> {
    const last = upload.chunks.length - 1;
    const chunk = upload.chunks[last];
    if (chunk === undefined) return false;
    const reopened = await this.#deps.records.update(record.id, (current) => {
      if (current.status !== 'uploading' || current.upload?.chunks.length !== upload.chunks.length)
        return undefined;
      return {
        ...current,
        upload: { length: upload.length, chunks: upload.chunks.slice(0, last) },
      };
    });
    if (reopened === undefined) return false;
    const kind = chunkKind(last, chunk.tag);
    await this.#deps.store.delete({ owner: record.owner, jobId: record.id, kind });
    return true;
  }

  /** The upload's plaintext, chunk by chunk, each segment authenticated before it is passed on. */
  async *#plaintext(
    record: JobRecord,
    upload: UploadState,
    signal: AbortSignal,
  ): AsyncGenerator<Buffer> {
    for (const [i, chunk] of upload.chunks.entries()) {
      const ref: ObjectRef = {
        owner: record.owner,
        jobId: record.id,
        kind: chunkKind(i, chunk.tag),
      };
      const { plaintext, complete } = await this.#deps.sealed.open(ref, chunk.key, signal);
      for await (const part of plaintext as AsyncIterable<Buffer>) yield part;
      if (!complete()) throw new Error('a chunk of the upload is truncated');
    }
  }

  /** Cleanup that must not hide the failure being handled; the sweeper is the backstop. */
  async #quietly(jobId: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.#deps.logger.warn({ err: error, jobId }, 'upload cleanup failed; the sweeper will');
    }
  }
}

function toFailure(error: unknown, signal: AbortSignal): ServiceError {
  if (signal.aborted)
    return new ServiceError('expired', {
      detail: 'Your data was deleted while this upload was in progress.',
    });
  return error instanceof ServiceError ? error : new ServiceError('internal', { cause: error });
}
