import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import {
  ObjectMissingError,
  type ObjectKind,
  type ObjectRef,
  type StoredObject,
  type TempStore,
} from './store.port.js';

/** What a contract run needs from an adapter: a fresh, empty store and a way to remove it. */
export type MakeStore = () => Promise<{ store: TempStore; cleanup: () => Promise<void> }>;

export function newOwner(): string {
  return randomBytes(16).toString('hex');
}

export function newRef(owner = newOwner(), kind: ObjectKind = 'input'): ObjectRef {
  return { owner, jobId: randomUUID(), kind };
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export async function listAll(store: TempStore): Promise<StoredObject[]> {
  const out: StoredObject[] = [];
  for await (const object of store.list()) out.push(object);
  return out;
}

export function sameRef(a: ObjectRef, b: ObjectRef): boolean {
  return a.owner === b.owner && a.jobId === b.jobId && a.kind === b.kind;
}

/** A source in several chunks of uneven size. */
export function sourceOf(data: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0, size = 1; i < data.length; i += size, size = (size * 7 + 13) % 40_000)
    chunks.push(data.subarray(i, i + size));
  return Readable.from(chunks);
}

/** A source the test drives: push bytes, then end or fail it. */
export function heldSource(): Readable {
  return new Readable({
    read() {
      // Data is pushed by the test.
    },
  });
}

/** Polls `check` until it returns true (or fails the test after `timeoutMs`). */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 3000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function waitForPartial(store: TempStore, ref: ObjectRef): Promise<void> {
  await eventually(
    async () => (await listAll(store)).some((o) => o.partial && sameRef(o.ref, ref)),
    'the partial write to be listed',
  );
}

async function assertAbsent(store: TempStore, ref: ObjectRef): Promise<void> {
  await assert.rejects(store.get(ref), ObjectMissingError);
  const listed = (await listAll(store)).filter((o) => sameRef(o.ref, ref));
  assert.deepEqual(listed, [], 'neither a complete nor a partial object may remain');
}

/**
 * The behaviour every TempStore adapter must have. Each test gets a fresh store from `makeStore`
 * and calls its `cleanup` afterwards.
 */
export function storeContract(name: string, makeStore: MakeStore): void {
  async function withStore(run: (store: TempStore) => Promise<void>): Promise<void> {
    const { store, cleanup } = await makeStore();
    try {
      await run(store);
    } finally {
      await cleanup();
    }
  }

  void describe(`TempStore contract: ${name}`, () => {
    void test('put then get round-trips the bytes; put resolves with the byte count', () =>
      withStore(async (store) => {
        const ref = newRef();
        const data = randomBytes(200_003);
        assert.deepEqual(await store.put(ref, sourceOf(data)), { bytes: data.length });
        assert.ok((await readAll(await store.get(ref))).equals(data));
        // Reading twice works: get does not consume the object.
        assert.ok((await readAll(await store.get(ref))).equals(data));
      }));

    void test('an empty source stores an empty object', () =>
      withStore(async (store) => {
        const ref = newRef();
        assert.deepEqual(await store.put(ref, Readable.from([])), { bytes: 0 });
        assert.equal((await readAll(await store.get(ref))).length, 0);
      }));

    void test('input and result of one job, and one job id under two owners, are separate objects', () =>
      withStore(async (store) => {
        const input = newRef();
        const result: ObjectRef = { ...input, kind: 'result' };
        const elsewhere: ObjectRef = { ...input, owner: newOwner() };
        const bodies = [randomBytes(10), randomBytes(20), randomBytes(30)] as const;
        await store.put(input, sourceOf(bodies[0]));
        await store.put(result, sourceOf(bodies[1]));
        await store.put(elsewhere, sourceOf(bodies[2]));
        assert.ok((await readAll(await store.get(input))).equals(bodies[0]));
        assert.ok((await readAll(await store.get(result))).equals(bodies[1]));
        assert.ok((await readAll(await store.get(elsewhere))).equals(bodies[2]));
        assert.equal(await store.delete(input), true);
        assert.ok((await readAll(await store.get(result))).equals(bodies[1]));
        assert.ok((await readAll(await store.get(elsewhere))).equals(bodies[2]));
      }));

    void test('a put whose source errors half-way rejects and leaves nothing, final or partial', () =>
      withStore(async (store) => {
        const ref = newRef();
        const failing = Readable.from(
          (async function* () {
            yield randomBytes(70_000);
            yield randomBytes(70_000);
            throw new Error('source failed half-way');
          })(),
        );
        await assert.rejects(store.put(ref, failing), /source failed half-way/);
        await assertAbsent(store, ref);
      }));

    void test('a put whose source is destroyed with an error after a partial write leaves nothing', () =>
      withStore(async (store) => {
        const ref = newRef();
        const source = heldSource();
        const put = store.put(ref, source);
        source.push(randomBytes(50_000));
        await waitForPartial(store, ref);
        source.destroy(new Error('client went away'));
        await assert.rejects(put, /client went away/);
        await assertAbsent(store, ref);
      }));

    void test('a put aborted via AbortSignal rejects and leaves nothing', () =>
      withStore(async (store) => {
        const ref = newRef();
        const source = heldSource();
        const controller = new AbortController();
        const put = store.put(ref, source, controller.signal);
        source.push(randomBytes(50_000));
        await waitForPartial(store, ref);
        controller.abort();
        await assert.rejects(put, { name: 'AbortError' });
        await assertAbsent(store, ref);
      }));

    void test('a put with an already aborted signal rejects and leaves nothing', () =>
      withStore(async (store) => {
        const ref = newRef();
        await assert.rejects(store.put(ref, sourceOf(randomBytes(1000)), AbortSignal.abort()), {
          name: 'AbortError',
        });
        await assertAbsent(store, ref);
      }));

    void test('get of a missing object rejects with ObjectMissingError', () =>
      withStore(async (store) => {
        const present = newRef();
        await store.put(present, sourceOf(randomBytes(10)));
        const missing: ObjectRef[] = [
          newRef(), // unknown owner
          newRef(present.owner), // known owner, unknown job
          { ...present, kind: 'result' }, // known job, other kind
        ];
        for (const ref of missing) await assert.rejects(store.get(ref), ObjectMissingError);
      }));

    void test('an object being written is not visible to get until complete', () =>
      withStore(async (store) => {
        const ref = newRef();
        const source = heldSource();
        const data = randomBytes(30_000);
        const put = store.put(ref, source);
        source.push(data.subarray(0, 10_000));
        await waitForPartial(store, ref);
        await assert.rejects(store.get(ref), ObjectMissingError);
        source.push(data.subarray(10_000));
        source.push(null);
        assert.deepEqual(await put, { bytes: data.length });
        assert.ok((await readAll(await store.get(ref))).equals(data));
      }));

    void test('delete resolves true, then false; the object is gone', () =>
      withStore(async (store) => {
        const ref = newRef();
        await store.put(ref, sourceOf(randomBytes(100)));
        assert.equal(await store.delete(ref), true);
        assert.equal(await store.delete(ref), false);
        await assertAbsent(store, ref);
        assert.equal(await store.delete(newRef()), false);
      }));

    void test('delete removes a partial write, and the interrupted put does not bring it back', () =>
      withStore(async (store) => {
        const ref = newRef();
        const source = heldSource();
        const put = store.put(ref, source);
        source.push(randomBytes(20_000));
        await waitForPartial(store, ref);
        assert.equal(await store.delete(ref), true);
        source.push(randomBytes(20_000));
        source.push(null);
        // A put that resolved would claim an object that is not there.
        await assert.rejects(put);
        await assertAbsent(store, ref);
      }));

    void test("deleteOwner removes only that owner's objects and resolves with the count", () =>
      withStore(async (store) => {
        const owner = newOwner();
        const other = newOwner();
        const job1 = newRef(owner);
        const mine = [job1, { ...job1, kind: 'result' as const }, newRef(owner, 'result')];
        const theirs = [newRef(other), { ...job1, owner: other }];
        for (const ref of [...mine, ...theirs]) await store.put(ref, sourceOf(randomBytes(64)));
        assert.equal(await store.deleteOwner(owner), mine.length);
        for (const ref of mine) await assertAbsent(store, ref);
        for (const ref of theirs) assert.equal((await readAll(await store.get(ref))).length, 64);
        const left = await listAll(store);
        assert.equal(left.length, theirs.length);
        assert.ok(left.every((o) => o.ref.owner === other));
        assert.equal(await store.deleteOwner(owner), 0);
        assert.equal(await store.deleteOwner(newOwner()), 0);
      }));

    void test('deleteOwner also removes a partial write, which the put does not bring back', () =>
      withStore(async (store) => {
        const owner = newOwner();
        const complete = newRef(owner);
        await store.put(complete, sourceOf(randomBytes(64)));
        const partial = newRef(owner);
        const source = heldSource();
        const put = store.put(partial, source);
        source.push(randomBytes(1000));
        await waitForPartial(store, partial);
        assert.equal(await store.deleteOwner(owner), 2);
        source.push(randomBytes(1000));
        source.push(null);
        await assert.rejects(put);
        await assertAbsent(store, complete);
        await assertAbsent(store, partial);
      }));

    void test('list yields complete objects (partial=false) and writes in progress (partial=true)', () =>
      withStore(async (store) => {
        const before = Date.now();
        const a = newRef();
        const b = newRef(a.owner, 'result');
        await store.put(a, sourceOf(randomBytes(1234)));
        await store.put(b, sourceOf(randomBytes(0)));
        const held = newRef();
        const source = heldSource();
        const put = store.put(held, source);
        source.push(randomBytes(500));
        await waitForPartial(store, held);

        const listed = await listAll(store);
        assert.equal(listed.length, 3);
        const find = (ref: ObjectRef) => listed.find((o) => sameRef(o.ref, ref));
        assert.deepEqual(
          { partial: find(a)?.partial, bytes: find(a)?.bytes },
          { partial: false, bytes: 1234 },
        );
        assert.deepEqual(
          { partial: find(b)?.partial, bytes: find(b)?.bytes },
          { partial: false, bytes: 0 },
        );
        assert.equal(find(held)?.partial, true);
        for (const object of listed) {
          // Coarse file-system timestamps: allow a couple of seconds either way.
          assert.ok(object.modifiedAt >= before - 2000, 'modifiedAt too early');
          assert.ok(object.modifiedAt <= Date.now() + 2000, 'modifiedAt in the future');
        }

        source.push(randomBytes(500));
        source.push(null);
        assert.deepEqual(await put, { bytes: 1000 });
        const after = (await listAll(store)).filter((o) => sameRef(o.ref, held));
        assert.equal(after.length, 1, 'the partial entry must be gone once complete');
        const [completed] = after;
        assert.ok(completed);
        assert.equal(completed.partial, false);
        assert.equal(completed.bytes, 1000);
      }));

    void test('list of an empty store yields nothing', () =>
      withStore(async (store) => {
        assert.deepEqual(await listAll(store), []);
      }));

    void test('invalid refs are rejected by put, get and delete, and nothing is written', () =>
      withStore(async (store) => {
        const owner = newOwner();
        const jobId = randomUUID();
        const invalid: ObjectRef[] = [
          { owner: owner.toUpperCase(), jobId, kind: 'input' },
          { owner: owner.slice(1), jobId, kind: 'input' },
          { owner: `${owner}0`, jobId, kind: 'input' },
          { owner: '', jobId, kind: 'input' },
          { owner: '../x', jobId, kind: 'input' },
          { owner: `../${owner}`, jobId, kind: 'input' },
          { owner: `${owner.slice(0, 16)}/${owner.slice(17)}`, jobId, kind: 'input' },
          { owner, jobId: 'not-a-uuid', kind: 'input' },
          { owner, jobId: '../x', kind: 'input' },
          { owner, jobId: `../${jobId}`, kind: 'input' },
          { owner, jobId: `${jobId}/../../x`, kind: 'input' },
          { owner, jobId: '', kind: 'input' },
          { owner, jobId, kind: '../input' as ObjectKind },
          { owner, jobId, kind: 'other' as ObjectKind },
        ];
        for (const ref of invalid) {
          const label = JSON.stringify(ref);
          await assert.rejects(store.put(ref, sourceOf(randomBytes(10))), Error, `put ${label}`);
          await assert.rejects(store.get(ref), Error, `get ${label}`);
          await assert.rejects(store.delete(ref), Error, `delete ${label}`);
        }
        for (const bad of ['', '../x', owner.toUpperCase(), `../${owner}`, '.', '..'])
          await assert.rejects(store.deleteOwner(bad), Error, `deleteOwner ${bad}`);
        assert.deepEqual(await listAll(store), []);
      }));

    void test('ping resolves', () =>
      withStore(async (store) => {
        await assert.doesNotReject(store.ping());
        await assert.doesNotReject(store.ping());
      }));
  });
}
