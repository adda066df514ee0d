import { countObjects, type JobDeleter } from '../jobs/job-deleter.js';
import type { JobRecordStore } from '../jobs/job-records.port.js';
import type { AuditLog } from '../observability/audit.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import {
  chunkIndex,
  chunkKind,
  type ObjectKind,
  type StoredObject,
  type TempStore,
} from './store.port.js';
import type { JobRecord } from '../domain/job.js';

export interface SweeperDeps {
  readonly records: JobRecordStore;
  readonly store: TempStore;
  readonly deleter: JobDeleter;
  readonly ttlSeconds: number;
  /**
   * True when this process is the only user of the store and the records die with it (the
   * embedded mode): then at start-up every object is a crash's leftover.
   */
  readonly exclusive: boolean;
  readonly audit: AuditLog;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly now: () => number;
}

/** An upload or result write in progress has no record yet; leave such objects this long. */
const ORPHAN_GRACE_MS = 10 * 60 * 1000;

/**
 * Deletes what has outlived its job: records past their expiry (with their objects), objects
 * older than the TTL whatever their record says, and objects no record accounts for.
 */
export class Sweeper {
  readonly #deps: SweeperDeps;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(deps: SweeperDeps) {
    this.#deps = deps;
  }

  /**
   * One pass. With `everything` in exclusive mode every object found is deleted: at start-up
   * (a crash's leftovers) and at shutdown, when the records holding the keys die with the
   * process. With `orphans: false` (a separate `serenya sweep` process that cannot see the
   * server's records) only age counts.
   */
  async sweep(options: {
    everything: boolean;
    orphans?: boolean;
  }): Promise<{ jobs: number; objects: number }> {
    const { records, deleter, audit, now } = this.#deps;
    const expired = await records.list({ expiresBefore: now() });
    let objects = 0;
    for (const record of expired) {
      const { deleted } = await deleter.delete(record, 'expired', { keepTombstone: false });
      objects += countObjects(deleted);
    }
    objects += await this.#sweepObjects(options.everything, options.orphans ?? true);
    audit.record({
      type: 'sweep.completed',
      jobs: expired.length,
      objects,
      everything: options.everything,
    });
    return { jobs: expired.length, objects };
  }

  /** Sweeps every `intervalSeconds` until stopped; passes never overlap. */
  start(intervalSeconds: number): void {
    this.#timer = setInterval(() => {
      this.#running = this.#running
        .then(() => this.sweep({ everything: false }))
        .catch((error: unknown) => this.#deps.logger.error({ err: error }, 'sweep failed'));
    }, intervalSeconds * 1000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  async #sweepObjects(everything: boolean, orphans: boolean): Promise<number> {
    const { store, metrics } = this.#deps;
    let deleted = 0;
    for await (const object of store.list()) {
      const reason = await this.#reasonToDelete(object, everything, orphans);
      if (reason === undefined) continue;
      if (await store.delete(object.ref)) {
        deleted++;
        metrics.deletions.inc({ reason });
      }
    }
    return deleted;
  }

  async #reasonToDelete(
    object: StoredObject,
    everything: boolean,
    orphans: boolean,
  ): Promise<string | undefined> {
    const age = this.#deps.now() - object.modifiedAt;
    if (age > this.#deps.ttlSeconds * 1000) return 'expired';
    if (everything && this.#deps.exclusive) return 'unreadable';
    if (!orphans || age < ORPHAN_GRACE_MS) return undefined;
    const record = await this.#deps.records.get(object.ref.jobId);
    const key = keyOf(record, object.ref.kind);
    if (record?.owner !== object.ref.owner || key === undefined || object.partial) return 'orphan';
    return undefined;
  }
}

/** The wrapped key a record holds for one of its objects, if any. */
function keyOf(record: JobRecord | undefined, kind: ObjectKind): string | undefined {
  if (kind === 'input') return record?.inputKey;
  if (kind === 'result') return record?.resultKey;
  const index = chunkIndex(kind) ?? -1;
  const chunk = record?.upload?.chunks[index];
  return chunk !== undefined && chunkKind(index, chunk.tag) === kind ? chunk.key : undefined;
}
