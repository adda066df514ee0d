import { isTerminal, type JobRecord, type JobStatus } from '../domain/job.js';
import type { AuditLog, DeletionReason } from '../observability/audit.js';
import type { Metrics } from '../observability/metrics.js';
import { chunkKind, type ObjectKind, type TempStore } from '../storage/store.port.js';
import type { IdempotencyStore } from './idempotency.port.js';
import type { JobRecordStore } from './job-records.port.js';
import type { JobQueue } from './queue.port.js';

export interface DeletedArtefact {
  readonly artefact: 'upload' | 'result' | 'data-keys' | 'job-record';
  /** Whether it still existed when deleted (false: already gone). */
  readonly existed: boolean;
}

/**
 * The one place that deletes a job's artefacts: used by acknowledge, cancel, purge, expiry and
 * terminal failure. Keys are dropped from the record first (crypto-shredding), then the objects.
 */
export class JobDeleter {
  constructor(
    private readonly deps: {
      records: JobRecordStore;
      store: TempStore;
      queue: JobQueue;
      idempotency: IdempotencyStore;
      audit: AuditLog;
      metrics: Metrics;
      now: () => number;
    },
  ) {}

  /**
   * Stops the job if it runs and deletes its objects and keys. With `keepTombstone` the record
   * stays (ids, status and times only) until it expires, so later reads can answer 410. With
   * `cancelUnfinished` a job that is still unfinished at the moment of deletion becomes
   * `cancelled` (decided atomically, so a job that just succeeded stays succeeded).
   */
  async delete(
    record: JobRecord,
    reason: DeletionReason,
    options: { keepTombstone: boolean; cancelUnfinished?: boolean; stop?: boolean },
  ): Promise<Deletion> {
    const { records, store, queue } = this.deps;
    // What the record held at the moment of deletion (filled in by the atomic update).
    const seen: {
      before: JobStatus;
      hadKeys: boolean;
      cancelledNow: boolean;
      chunks: ObjectKind[];
    } = { before: record.status, hadKeys: false, cancelledNow: false, chunks: chunkKinds(record) };
    const shredded = await records.update(record.id, (current) => {
      seen.before = current.status;
      seen.hadKeys =
        current.inputKey !== undefined ||
        current.resultKey !== undefined ||
        (current.upload?.chunks.length ?? 0) > 0;
      seen.chunks = [...new Set([...seen.chunks, ...chunkKinds(current)])];
      const next: JobRecord = { ...current, deletedAt: current.deletedAt ?? this.deps.now() };
      delete next.inputKey;
      delete next.resultKey;
      delete next.upload;
      if (options.cancelUnfinished === true && !isTerminal(current.status)) {
        next.status = 'cancelled';
        seen.cancelledNow = true;
      }
      return next;
    });
    // The runner itself deletes on terminal failure; it must not wait for its own end.
    if (options.stop ?? true) await queue.cancel(record.id);
    const ref = { owner: record.owner, jobId: record.id };
    const [upload, result, ...chunks] = await Promise.all([
      store.delete({ ...ref, kind: 'input' }),
      store.delete({ ...ref, kind: 'result' }),
      ...seen.chunks.map((kind) => store.delete({ ...ref, kind })),
    ]);
    const deleted: DeletedArtefact[] = [
      // The chunks of a resumable upload are the upload, not yet joined.
      { artefact: 'upload', existed: upload || chunks.some(Boolean) },
      { artefact: 'result', existed: result },
      { artefact: 'data-keys', existed: seen.hadKeys },
    ];
    if (!options.keepTombstone) {
      deleted.push({ artefact: 'job-record', existed: await records.delete(record.id) });
      if (record.idempotencyKey !== undefined)
        await this.deps.idempotency.release(record.idempotencyKey, record.id);
    }
    const objects = countObjects(deleted);
    const why = seen.cancelledNow ? 'cancelled' : reason;
    if (objects > 0) this.deps.metrics.deletions.inc({ reason: why }, objects);
    this.deps.audit.record({ type: 'job.deleted', jobId: record.id, reason: why, objects });
    return { deleted, before: seen.before, after: shredded?.status };
  }
}

export interface Deletion {
  readonly deleted: readonly DeletedArtefact[];
  /** The status when the deletion took effect. */
  readonly before: JobStatus;
  /** The status left in the tombstone, if one was kept. */
  readonly after: JobStatus | undefined;
}

/** How many stored objects (uploads and results) a deletion removed. */
export function countObjects(deleted: readonly DeletedArtefact[]): number {
  return deleted.filter((d) => d.existed && (d.artefact === 'upload' || d.artefact === 'result'))
    .length;
}

/** The objects of a resumable upload's chunks that a record names. */
function chunkKinds(record: JobRecord): ObjectKind[] {
  return (record.upload?.chunks ?? []).map((chunk, i) => chunkKind(i, chunk.tag));
}
