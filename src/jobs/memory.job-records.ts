import { EventEmitter } from 'node:events';
import { isTerminal, type JobRecord } from '../domain/job.js';
import type { JobChange, JobFilter, JobListener, JobRecordStore } from './job-records.port.js';

/** In-process records for the embedded mode; they vanish with the process, as do their keys. */
export class MemoryJobRecords implements JobRecordStore {
  readonly #records = new Map<string, JobRecord>();
  readonly #events = new EventEmitter().setMaxListeners(0);
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async create(record: JobRecord): Promise<void> {
    if (this.#records.has(record.id)) throw new Error('job exists');
    this.#records.set(record.id, structuredClone(record));
    this.#emit(record.id);
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const record = this.#records.get(id);
    return record && structuredClone(record);
  }

  async update(id: string, change: JobChange): Promise<JobRecord | undefined> {
    const current = this.#records.get(id);
    if (current === undefined) return undefined;
    const next = change(structuredClone(current));
    if (next === undefined) return undefined;
    const stored = structuredClone({
      ...next,
      id,
      version: current.version + 1,
      updatedAt: this.#now(),
    });
    this.#records.set(id, stored);
    this.#emit(id);
    return structuredClone(stored);
  }

  async delete(id: string): Promise<boolean> {
    const existed = this.#records.delete(id);
    if (existed) this.#emit(id);
    return existed;
  }

  async list(filter: JobFilter): Promise<JobRecord[]> {
    const out: JobRecord[] = [];
    for (const record of this.#records.values()) {
      if (filter.owner !== undefined && record.owner !== filter.owner) continue;
      if (filter.expiresBefore !== undefined && record.expiresAt > filter.expiresBefore) continue;
      if (filter.unfinished === true && isTerminal(record.status)) continue;
      out.push(structuredClone(record));
    }
    return out;
  }

  watch(id: string, listener: JobListener): () => void {
    const handler = () => {
      const record = this.#records.get(id);
      // A failing listener must not break the update that notified it (nor other listeners).
      try {
        listener(record && structuredClone(record));
      } catch {
        // The listener's owner deals with its own failure.
      }
    };
    this.#events.on(id, handler);
    return () => this.#events.off(id, handler);
  }

  #emit(id: string): void {
    this.#events.emit(id);
  }
}
