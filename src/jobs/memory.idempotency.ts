import type { IdempotencyStore } from './idempotency.port.js';

/** In-process idempotency keys; expired entries are dropped as they are met. */
export class MemoryIdempotency implements IdempotencyStore {
  readonly #entries = new Map<string, { jobId: string; expiresAt: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async claim(key: string, jobId: string, expiresAt: number): Promise<string> {
    this.#prune();
    const held = this.#entries.get(key);
    if (held !== undefined) return held.jobId;
    this.#entries.set(key, { jobId, expiresAt });
    return jobId;
  }

  async release(key: string, jobId: string): Promise<void> {
    if (this.#entries.get(key)?.jobId === jobId) this.#entries.delete(key);
  }

  #prune(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
  }
}
