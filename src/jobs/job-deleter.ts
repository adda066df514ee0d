import type { JobRecord } from '../domain/job.js';
import type { AuditLog, DeletionReason } from '../observability/audit.js';
import type { Metrics } from '../observability/metrics.js';
import type { TempStore } from '../storage/store.port.js';
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
   * stays (ids, status and times only) until it expires, so later reads can answer 410.
   */
  async delete(
    record: JobRecord,
    reason: DeletionReason,
    options: { keepTombstone: boolean; status?: JobRecord['status'] },
  ): Promise<DeletedArtefact[]> {
    const { records, store, queue } = this.deps;
    const hadKeys = record.inputKey !== undefined || record.resultKey !== undefined;
    const shredded = await records.update(record.id, (current) => {
      const next: JobRecord = { ...current, deletedAt: current.deletedAt ?? this.deps.now() };
      delete next.inputKey;
      delete next.resultKey;
      if (options.status !== undefined) next.status = options.status;
      return next;
    });
    await queue.cancel(record.id);
    const ref = { owner: record.owner, jobId: record.id };
    const [upload, result] = await Promise.all([
      store.delete({ ...ref, kind: 'input' }),
      store.delete({ ...ref, kind: 'result' }),
    ]);
    const deleted: DeletedArtefact[] = [
      { artefact: 'upload', existed: upload },
      { artefact: 'result', existed: result },
      { artefact: 'data-keys', existed: hadKeys && shredded !== undefined },
    ];
    if (!options.keepTombstone) {
      deleted.push({ artefact: 'job-record', existed: await records.delete(record.id) });
      if (record.idempotencyKey !== undefined)
        await this.deps.idempotency.release(record.idempotencyKey, record.id);
    }
    const objects = Number(upload) + Number(result);
    if (objects > 0) this.deps.metrics.deletions.inc({ reason }, objects);
    this.deps.audit.record({ type: 'job.deleted', jobId: record.id, reason, objects });
    return deleted;
  }
}
