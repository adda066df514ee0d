import { randomUUID } from 'node:crypto';
import { pipeline, type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServiceError } from '../domain/errors.js';
import { isTerminal, publicStatus, type JobRecord } from '../domain/job.js';
import type { MediaType } from '../domain/media-type.js';
import type { AuditLog } from '../observability/audit.js';
import type { Metrics } from '../observability/metrics.js';
import type { SealedStore } from '../storage/sealed-store.js';
import { isValidJobId, type ObjectRef, type TempStore } from '../storage/store.port.js';
import type { DeletionReceipt, PurgeReceipt } from './receipts.js';
import type { IdempotencyStore } from './idempotency.port.js';
import { countObjects, type JobDeleter } from './job-deleter.js';
import type { JobRecordStore } from './job-records.port.js';
import type { JobQueue } from './queue.port.js';
import { idempotencyHash, uploadError } from './upload-errors.js';
import { InFlightUploads, type Tracked } from './in-flight.js';
import { UploadInspector } from './upload-inspector.js';

export interface UploadRequest {
  readonly body: Readable;
  /** Content-Type (raw body) or the part's type (multipart). */
  readonly declaredType: string | undefined;
  /** Content-Length, when the client sent one. */
  readonly declaredLength: number | undefined;
  readonly idempotencyKey: string | undefined;
}

export type { DeletionReceipt, PurgeReceipt } from './receipts.js';

export interface JobServiceDeps {
  readonly records: JobRecordStore;
  readonly idempotency: IdempotencyStore;
  readonly queue: JobQueue;
  readonly sealed: SealedStore;
  readonly store: TempStore;
  readonly deleter: JobDeleter;
  readonly processable: readonly MediaType[];
  readonly limits: {
    readonly ttlSeconds: number;
    readonly maxUploadBytes: number;
    readonly maxQueued: number;
    readonly maxActivePerUser: number;
  };
  readonly metrics: Metrics;
  readonly audit: AuditLog;
  readonly now: () => number;
}

/** How long a retried upload waits for the first one with the same Idempotency-Key. */
const IDEMPOTENCY_WAIT_MS = 30_000;
const RESULT_MAX_BYTES = 64 * 1024 * 1024;

/** The application service behind the HTTP API: every operation is scoped to one owner. */
export class JobService {
  readonly #deps: JobServiceDeps;
  /** Uploads streaming in now, per owner, so a purge can stop them. */
  readonly #inFlight = new InFlightUploads();

  constructor(deps: JobServiceDeps) {
    this.#deps = deps;
  }

  /** Streams an upload into the encrypted store and queues it; returns the job. */
  async submit(owner: string, upload: UploadRequest): Promise<JobRecord> {
    const { limits, now } = this.#deps;
    const jobId = randomUUID();
    const createdAt = now();
    const expiresAt = createdAt + limits.ttlSeconds * 1000;
    const key =
      upload.idempotencyKey === undefined
        ? undefined
        : idempotencyHash(owner, upload.idempotencyKey);
    // Registered before anything is awaited, so a purge from now on stops this upload.
    const tracked = this.track(owner, true);
    try {
      if (key !== undefined) {
        const existing = await this.#claim(owner, key, jobId, expiresAt);
        if (existing !== undefined) return existing;
      }
      try {
        await this.admit(owner, upload.declaredLength, tracked.others());
        const times = { createdAt, expiresAt, key };
        const record = await this.#receive(owner, jobId, upload, times, tracked.signal);
        await this.enqueue(record);
        return record;
      } catch (error) {
        if (key !== undefined) await this.#deps.idempotency.release(key, jobId);
        throw error;
      }
    } finally {
      tracked.release();
    }
  }

  /** Queues a stored job; if the queue refuses, nothing of the job may stay behind. */
  async enqueue(record: JobRecord): Promise<void> {
    try {
      await this.#deps.queue.enqueue(record.id);
    } catch (error) {
      await this.#deps.deleter.delete(record, 'failed', { keepTombstone: false, stop: false });
      throw new ServiceError('overloaded', { cause: error, retryAfterSeconds: 5 });
    }
  }

  /** The owner's job; another owner's job is indistinguishable from a missing one. */
  async get(owner: string, jobId: string): Promise<JobRecord> {
    const record = isValidJobId(jobId) ? await this.#deps.records.get(jobId) : undefined;
    // An upload in progress is not a job yet (its id becomes one once complete).
    if (record?.owner !== owner || record.status === 'uploading')
      throw new ServiceError('not_found');
    if (record.expiresAt <= this.#deps.now()) throw new ServiceError('expired');
    return record;
  }

  /** The decrypted result JSON, repeatable until acknowledged or expired. */
  async result(owner: string, jobId: string): Promise<Buffer> {
    const record = await this.get(owner, jobId);
    switch (record.status) {
      case 'succeeded': {
        if (record.resultKey === undefined) throw new ServiceError('expired');
        const ref: ObjectRef = { owner, jobId, kind: 'result' };
        return this.#deps.sealed.read(ref, record.resultKey, { maxBytes: RESULT_MAX_BYTES });
      }
      case 'failed':
        // The request is fine; the job failed. 422 whatever the job's code, so a failed job
        // never looks like a server fault to clients and proxies.
        throw new ServiceError(record.error?.code ?? 'internal', {
          status: 422,
          retryable: false,
          ...(record.error?.detail === undefined ? {} : { detail: record.error.detail }),
        });
      case 'cancelled':
        throw new ServiceError('expired');
      case 'uploading':
      case 'queued':
      case 'processing':
      case 'retrying':
        throw new ServiceError('not_found', {
          detail:
            'The result is not ready yet. Follow the job and fetch the result once it has succeeded.',
          retryable: true,
          retryAfterSeconds: 2,
        });
    }
  }

  /**
   * Waits until the job is terminal (or, with `afterVersion`, until it changes past that
   * version), at most `timeoutMs`; resolves with the latest record either way.
   */
  async waitFor(
    owner: string,
    jobId: string,
    options: { timeoutMs: number; afterVersion?: number; signal?: AbortSignal },
  ): Promise<JobRecord> {
    const initial = await this.get(owner, jobId);
    const done = (r: JobRecord) =>
      options.afterVersion === undefined ? isTerminal(r.status) : r.version > options.afterVersion;
    if (done(initial) || options.timeoutMs <= 0 || options.signal?.aborted === true) return initial;
    let latest = initial;
    await new Promise<void>((resolve) => {
      const finish = () => {
        unwatch();
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', finish);
        resolve();
      };
      const unwatch = this.#deps.records.watch(jobId, (record) => {
        if (record === undefined) return finish();
        latest = record;
        if (done(record)) finish();
      });
      const timer = setTimeout(finish, options.timeoutMs);
      options.signal?.addEventListener('abort', finish, { once: true });
    });
    return this.get(owner, latest.id);
  }

  /** Calls `listener` on every change of the owner's job until the returned function is called. */
  async watch(
    owner: string,
    jobId: string,
    listener: (record: JobRecord | undefined) => void,
  ): Promise<{ record: JobRecord; unwatch: () => void }> {
    // Subscribe first so no change between the read and the subscription is lost.
    const unwatch = this.#deps.records.watch(jobId, listener);
    try {
      return { record: await this.get(owner, jobId), unwatch };
    } catch (error) {
      unwatch();
      throw error;
    }
  }

  /** Acknowledge (succeeded), cancel (unfinished) or delete (failed): removes every artefact. */
  async remove(owner: string, jobId: string): Promise<DeletionReceipt> {
    const record = isValidJobId(jobId) ? await this.#deps.records.get(jobId) : undefined;
    if (record?.owner !== owner) throw new ServiceError('not_found');
    const { deleted, before, after } = await this.#deps.deleter.delete(record, 'acknowledged', {
      keepTombstone: true,
      cancelUnfinished: true,
    });
    const action =
      before === 'succeeded' ? 'acknowledged' : isTerminal(before) ? 'deleted' : 'cancelled';
    if (action === 'cancelled') this.#deps.metrics.outcomes.inc({ outcome: 'cancelled' });
    const status = publicStatus(after ?? before);
    return { jobId, action, status, deletedAt: this.#deps.now(), deleted };
  }

  /** Deletes everything of one owner: running uploads, jobs, records and objects. */
  async purge(owner: string): Promise<PurgeReceipt> {
    this.#inFlight.abort(owner);
    const records = await this.#deps.records.list({ owner });
    let objects = 0;
    for (const record of records) {
      const { deleted } = await this.#deps.deleter.delete(record, 'purged', {
        keepTombstone: false,
      });
      objects += countObjects(deleted);
    }
    objects += await this.#deps.store.deleteOwner(owner);
    this.#deps.audit.record({ type: 'user.purged', owner, jobs: records.length, objects });
    return { deletedAt: this.#deps.now(), jobs: records.length, objects };
  }

  /** Claims the key, or returns the job that holds it (waiting while its upload runs). */
  async #claim(owner: string, key: string, jobId: string, expiresAt: number) {
    const deadline = this.#deps.now() + IDEMPOTENCY_WAIT_MS;
    for (;;) {
      const holder = await this.#deps.idempotency.claim(key, jobId, expiresAt);
      if (holder === jobId) return undefined;
      const record = await this.#deps.records.get(holder);
      if (record?.owner === owner) return record;
      if (this.#deps.now() > deadline)
        throw new ServiceError('rate_limited', {
          detail:
            'An upload with the same Idempotency-Key is still in progress. Try again shortly.',
          retryAfterSeconds: 5,
        });
      await sleep(100);
    }
  }

  /** Registers work on an upload of `owner` so a purge stops it (see InFlightUploads). */
  track(owner: string, counted: boolean): Tracked {
    return this.#inFlight.track(owner, counted);
  }

  /** Refuses new work while the queue is full. */
  async assertQueueRoom(): Promise<void> {
    const counts = await this.#deps.queue.counts();
    if (counts.waiting + counts.delayed >= this.#deps.limits.maxQueued)
      throw new ServiceError('overloaded', { retryAfterSeconds: 30 });
  }

  /** Refuses work before reading a byte: too large, queue full, or too many jobs of this user. */
  async admit(owner: string, declaredLength: number | undefined, otherUploads = 0): Promise<void> {
    const { limits, records } = this.#deps;
    if (declaredLength !== undefined && declaredLength > limits.maxUploadBytes)
      throw new ServiceError('file_too_large');
    await this.assertQueueRoom();
    const active = (await records.list({ owner, unfinished: true })).length;
    if (active + otherUploads >= limits.maxActivePerUser)
      throw new ServiceError('rate_limited', {
        detail: 'You have too many documents in progress. Wait for them to finish, then try again.',
        retryAfterSeconds: 30,
      });
  }

  async #receive(
    owner: string,
    jobId: string,
    upload: UploadRequest,
    times: { createdAt: number; expiresAt: number; key: string | undefined },
    purged: AbortSignal,
  ): Promise<JobRecord> {
    const { store, records, metrics, audit } = this.#deps;
    const ref: ObjectRef = { owner, jobId, kind: 'input' };
    const inspector = this.inspector(upload.declaredType);
    try {
      const sealed = await this.sealInput(ref, upload.body, inspector, purged);
      const { wrappedKey, mediaType } = sealed;
      const record: JobRecord = {
        id: jobId,
        owner,
        status: 'queued',
        progress: { stage: 'queued', percent: 0 },
        attempts: 0,
        mediaType,
        sizeBytes: sealed.bytes,
        createdAt: times.createdAt,
        updatedAt: times.createdAt,
        expiresAt: times.expiresAt,
        version: 1,
        inputKey: wrappedKey,
        ...(times.key === undefined ? {} : { idempotencyKey: times.key }),
      };
      await records.create(record);
      if (purged.aborted) {
        await records.delete(jobId);
        throw new ServiceError('expired', {
          detail: 'Your data was deleted while this upload was in progress.',
        });
      }
      metrics.uploadBytes.inc(sealed.bytes);
      audit.record({ type: 'job.created', jobId, owner, bytes: sealed.bytes, mediaType });
      return record;
    } catch (error) {
      await store.delete(ref);
      const failure = uploadError(error, purged);
      metrics.uploadsRejected.inc({ code: failure.code });
      audit.record({ type: 'upload.rejected', code: failure.code, bytes: inspector.bytes });
      throw failure;
    }
  }

  /** A checker for one upload: type sniffed from the bytes, against the declared one; size limit. */
  inspector(declaredType: string | undefined): UploadInspector {
    return new UploadInspector({
      maxBytes: this.#deps.limits.maxUploadBytes,
      declared: declaredType,
      processable: this.#deps.processable,
    });
  }

  /** Checks an upload as it streams and encrypts it into the store; the caller cleans up on failure. */
  async sealInput(
    ref: ObjectRef,
    body: Readable,
    inspector: UploadInspector,
    signal: AbortSignal,
  ): Promise<{ wrappedKey: string; mediaType: MediaType; bytes: number }> {
    const inspected = pipeline(body, inspector, () => undefined);
    const { wrappedKey } = await this.#deps.sealed.write(ref, inspected, signal);
    const mediaType = inspector.mediaType;
    if (mediaType === undefined) throw new ServiceError('internal');
    return { wrappedKey, mediaType, bytes: inspector.bytes };
  }
}
