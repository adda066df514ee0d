import type { Redis } from 'ioredis';
import type { JobRecord } from '../../domain/job.js';
import type { Logger } from '../../observability/logger.js';
import type { JobListener } from '../job-records.port.js';

/**
 * Local listeners of job records changed by any process. Writers publish the job id on one
 * channel; this subscriber fetches the record and calls the listeners of that id.
 */
export class RecordWatchers {
  /** Resolves once the subscriber listens: changes from then on reach the listeners. */
  readonly ready: Promise<void>;
  readonly #subscriber: Redis;
  readonly #fetch: (id: string) => Promise<JobRecord | undefined>;
  readonly #listeners = new Map<string, Set<JobListener>>();
  /** Version last delivered per id (null once deleted), so a collapsed burst is sent once. */
  readonly #delivered = new Map<string, number | null>();
  readonly #queues = new Map<string, Promise<void>>();

  constructor(options: {
    subscriber: Redis;
    channel: string;
    fetch: (id: string) => Promise<JobRecord | undefined>;
    logger?: Logger;
  }) {
    this.#subscriber = options.subscriber;
    this.#fetch = options.fetch;
    const { channel, logger } = options;
    this.#subscriber.on('message', (from: string, id: string) => {
      if (from === channel) this.#notify(id);
    });
    this.#subscriber.on('error', (error: unknown) =>
      logger?.warn({ err: error }, 'job record subscriber error'),
    );
    let connected = false;
    this.#subscriber.on('ready', () => {
      // Changes published while we were disconnected are lost: resend the current state.
      if (connected) for (const id of this.#listeners.keys()) this.#notify(id);
      connected = true;
    });
    this.ready = this.#subscriber.subscribe(channel).then(() => undefined);
    this.ready.catch((error: unknown) =>
      logger?.error({ err: error }, 'job record subscriber unavailable'),
    );
  }

  watch(id: string, listener: JobListener): () => void {
    let listeners = this.#listeners.get(id);
    if (listeners === undefined) {
      this.#listeners.set(id, (listeners = new Set()));
      // The version as of now, read before any later write of ours: a message published
      // before this call but received after it then delivers nothing.
      const baseline = this.#fetch(id);
      this.#enqueue(id, async () => {
        const record = await baseline;
        if (!this.#delivered.has(id)) this.#delivered.set(id, record?.version ?? null);
      });
    }
    const own: JobListener = (record) => listener(record);
    listeners.add(own);
    return () => {
      listeners.delete(own);
      if (listeners.size > 0 || this.#listeners.get(id) !== listeners) return;
      this.#listeners.delete(id);
      this.#delivered.delete(id);
    };
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    await this.#subscriber.quit().catch(() => this.#subscriber.disconnect());
  }

  #notify(id: string): void {
    if (this.#listeners.has(id)) this.#enqueue(id, () => this.#deliver(id));
  }

  /** Work on one id runs one task after another, so listeners see versions in order. */
  #enqueue(id: string, task: () => Promise<void>): void {
    const previous = this.#queues.get(id) ?? Promise.resolve();
    const next = previous.then(task).catch(() => undefined);
    this.#queues.set(id, next);
    void next.then(() => {
      if (this.#queues.get(id) === next) this.#queues.delete(id);
    });
  }

  async #deliver(id: string): Promise<void> {
    const record = await this.#fetch(id);
    const listeners = this.#listeners.get(id);
    if (listeners === undefined) return;
    const version = record?.version ?? null;
    if (this.#delivered.has(id) && this.#delivered.get(id) === version) return;
    this.#delivered.set(id, version);
    for (const listener of [...listeners]) {
      // A failing listener must not stop the others.
      try {
        listener(record && structuredClone(record));
      } catch {
        // The listener's owner deals with its own failure.
      }
    }
  }
}
