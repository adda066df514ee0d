import type { Redis } from 'ioredis';
import { isTerminal, type JobRecord } from '../../domain/job.js';
import type { Logger } from '../../observability/logger.js';
import type { JobChange, JobFilter, JobListener, JobRecordStore } from '../job-records.port.js';
import { RecordWatchers } from './record-watchers.js';
import { CREATE, DELETE, PRUNE, UPDATE } from './redis.job-records.scripts.js';

/** Compare-and-set attempts before an update or delete gives up under contention. */
const MAX_TRIES = 100;

export interface RedisJobRecordsOptions {
  /** Command connection; the store duplicates it for its subscriber and never closes it. */
  readonly redis: Redis;
  /** Clock of `updatedAt` and of the TTLs (each key lives until `expiresAt` by this clock). */
  readonly now?: () => number;
  /** First segment of every key and of the change channel. */
  readonly prefix?: string;
  readonly logger?: Logger;
}

/**
 * Job records in Redis, shared by every API and worker process. Each record is a JSON string
 * `{prefix}:job:{id}` that expires with its job; an owner set and an expiry sorted set index
 * them, each expiring with the latest record it lists. Changes are published (the id only).
 * TTLs count from `now`, so a record already past its expiry is gone: creating or updating one
 * stores nothing (the memory adapter keeps such records until the sweeper deletes them).
 */
export class RedisJobRecords implements JobRecordStore {
  readonly #redis: Redis;
  readonly #now: () => number;
  readonly #prefix: string;
  readonly #channel: string;
  readonly #watchers: RecordWatchers;

  constructor(options: RedisJobRecordsOptions) {
    this.#redis = options.redis;
    this.#now = options.now ?? Date.now;
    this.#prefix = options.prefix ?? 'serenya';
    this.#channel = `${this.#prefix}:job-changed`;
    this.#watchers = new RecordWatchers({
      // A subscriber waits for its connection (the command connection may fail fast instead).
      subscriber: this.#redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null }),
      channel: this.#channel,
      fetch: (id) => this.get(id),
      logger: options.logger,
    });
  }

  /** Resolves once watchers hear changes made by any process; await it before serving. */
  ready(): Promise<void> {
    return this.#watchers.ready;
  }

  async create(record: JobRecord): Promise<void> {
    const keys = [this.#record(record.id), this.#owner(record.owner), this.#expiry()];
    const args = [JSON.stringify(record), record.id, record.expiresAt, this.#now(), this.#channel];
    if ((await CREATE.run(this.#redis, keys, args)) === 0) throw new Error('job exists');
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const raw = await this.#redis.get(this.#record(id));
    return raw === null ? undefined : parse(raw);
  }

  async update(id: string, change: JobChange): Promise<JobRecord | undefined> {
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const raw = await this.#redis.get(this.#record(id));
      if (raw === null) return undefined;
      const current = parse(raw);
      const next = change(parse(raw));
      if (next === undefined) return undefined;
      const stored = { ...next, id, version: current.version + 1, updatedAt: this.#now() };
      const json = JSON.stringify(stored);
      const keys = [
        this.#record(id),
        this.#owner(current.owner),
        this.#owner(stored.owner),
        this.#expiry(),
      ];
      const args = [raw, json, id, stored.expiresAt, this.#now(), this.#channel];
      const outcome = await UPDATE.run(this.#redis, keys, args);
      if (outcome === 1) return parse(json);
      if (outcome === 2) return undefined;
    }
    throw new Error('job record update contended');
  }

  async delete(id: string): Promise<boolean> {
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const raw = await this.#redis.get(this.#record(id));
      if (raw === null) return false;
      const keys = [this.#record(id), this.#owner(parse(raw).owner), this.#expiry()];
      const args = [raw, id, this.#now(), this.#channel];
      if ((await DELETE.run(this.#redis, keys, args)) === 1) return true;
    }
    throw new Error('job record delete contended');
  }

  async list(filter: JobFilter): Promise<JobRecord[]> {
    const index = filter.owner === undefined ? this.#expiry() : this.#owner(filter.owner);
    const ids =
      filter.owner === undefined
        ? await this.#redis.zrangebyscore(index, '-inf', filter.expiresBefore ?? '+inf')
        : await this.#redis.smembers(index);
    if (ids.length === 0) return [];
    const keys = ids.map((id) => this.#record(id));
    const raws = await this.#redis.mget(...keys);
    const gone = ids.filter((_id, i) => raws[i] === null);
    if (gone.length > 0) {
      const command = filter.owner === undefined ? 'ZREM' : 'SREM';
      await PRUNE.run(
        this.#redis,
        [index, ...gone.map((id) => this.#record(id))],
        [command, ...gone],
      );
    }
    return raws
      .filter((raw) => raw !== null)
      .map(parse)
      .filter((record) => matches(record, filter));
  }

  watch(id: string, listener: JobListener): () => void {
    return this.#watchers.watch(id, listener);
  }

  /** Closes the subscriber (the command connection belongs to the caller). */
  async close(): Promise<void> {
    await this.#watchers.close();
  }

  #record(id: string): string {
    return `${this.#prefix}:job:${id}`;
  }

  #owner(owner: string): string {
    return `${this.#prefix}:owner:${owner}`;
  }

  #expiry(): string {
    return `${this.#prefix}:expiry`;
  }
}

function parse(raw: string): JobRecord {
  return JSON.parse(raw) as JobRecord;
}

function matches(record: JobRecord, filter: JobFilter): boolean {
  if (filter.owner !== undefined && record.owner !== filter.owner) return false;
  if (filter.expiresBefore !== undefined && record.expiresAt > filter.expiresBefore) return false;
  return !(filter.unfinished === true && isTerminal(record.status));
}
