import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { IdempotencyStore } from './idempotency.port.js';

/** Builds a fresh, empty store whose expiry checks use `now`. */
export type MakeIdempotency = (
  now: () => number,
) => Promise<{ store: IdempotencyStore; cleanup: () => Promise<void> }>;

/** The behaviour every IdempotencyStore adapter must show. */
export function idempotencyContract(name: string, make: MakeIdempotency): void {
  void describe(`IdempotencyStore contract: ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });

    async function setup(start = 1_000) {
      const clock = { now: start };
      const { store, cleanup } = await make(() => clock.now);
      cleanups.push(cleanup);
      return { clock, store };
    }

    void it('returns the claimer’s job id when the key is free', async () => {
      const { store } = await setup();
      assert.equal(await store.claim('key', 'job-a', 10_000), 'job-a');
    });

    void it('returns the first holder to a second claimer', async () => {
      const { store } = await setup();
      await store.claim('key', 'job-a', 10_000);
      assert.equal(await store.claim('key', 'job-b', 10_000), 'job-a');
      assert.equal(await store.claim('key', 'job-a', 10_000), 'job-a');
    });

    void it('keeps keys independent', async () => {
      const { store } = await setup();
      assert.equal(await store.claim('key-1', 'job-a', 10_000), 'job-a');
      assert.equal(await store.claim('key-2', 'job-b', 10_000), 'job-b');
      assert.equal(await store.claim('key-1', 'job-c', 10_000), 'job-a');
      assert.equal(await store.claim('key-2', 'job-c', 10_000), 'job-b');
    });

    void it('ignores a release by a job that does not hold the key', async () => {
      const { store } = await setup();
      await store.claim('key', 'job-a', 10_000);
      await store.release('key', 'job-b');
      assert.equal(await store.claim('key', 'job-c', 10_000), 'job-a');
    });

    void it('frees the key when its holder releases it', async () => {
      const { store } = await setup();
      await store.claim('key', 'job-a', 10_000);
      await store.release('key', 'job-a');
      assert.equal(await store.claim('key', 'job-b', 10_000), 'job-b');
      assert.equal(await store.claim('key', 'job-c', 10_000), 'job-b');
    });

    void it('resolves quietly when releasing an unknown key', async () => {
      const { store } = await setup();
      await store.release('never-claimed', 'job-a');
      assert.equal(await store.claim('never-claimed', 'job-b', 10_000), 'job-b');
    });

    void it('holds a key until its expiry, then frees it', async () => {
      const { clock, store } = await setup(1_000);
      await store.claim('key', 'job-a', 5_000);
      clock.now = 4_999;
      assert.equal(await store.claim('key', 'job-b', 9_000), 'job-a');
      clock.now = 5_000; // expiresAt is the first instant the entry is gone, as for jobs
      assert.equal(await store.claim('key', 'job-b', 9_000), 'job-b');
      clock.now = 8_000;
      assert.equal(await store.claim('key', 'job-c', 12_000), 'job-b');
      clock.now = 9_500;
      assert.equal(await store.claim('key', 'job-c', 12_000), 'job-c');
    });

    void it('does not let a stale release free a key reclaimed after expiry', async () => {
      const { clock, store } = await setup(1_000);
      await store.claim('key', 'job-a', 2_000);
      clock.now = 3_000;
      await store.claim('key', 'job-b', 9_000);
      await store.release('key', 'job-a');
      assert.equal(await store.claim('key', 'job-c', 9_000), 'job-b');
    });
  });
}
