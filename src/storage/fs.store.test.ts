import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FsStore } from './fs.store.js';
import {
  eventually,
  heldSource,
  listAll,
  newOwner,
  newRef,
  readAll,
  sourceOf,
  storeContract,
} from './store.contract.js';
import { ObjectMissingError, type ObjectKind, type ObjectRef } from './store.port.js';

/** A parent temp dir holding the store's root (`<parent>/root`), so escapes can be seen. */
async function makeFsStore(): Promise<{ parent: string; root: string; store: FsStore }> {
  const parent = await mkdtemp(join(tmpdir(), 'serenya-fs-store-'));
  const root = join(parent, 'root');
  return { parent, root, store: new FsStore(root) };
}

storeContract('FsStore', async () => {
  const { parent, store } = await makeFsStore();
  return { store, cleanup: () => rm(parent, { recursive: true, force: true }) };
});

async function withFs(
  run: (fs: { parent: string; root: string; store: FsStore }) => Promise<void>,
): Promise<void> {
  const fs = await makeFsStore();
  try {
    await run(fs);
  } finally {
    await rm(fs.parent, { recursive: true, force: true });
  }
}

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('FsStore (file-system specifics)', () => {
  test('owner directories are 0700 and files 0600, complete or partial', () =>
    withFs(async ({ root, store }) => {
      const ref = newRef();
      await store.put(ref, sourceOf(randomBytes(100)));
      assert.equal(await mode(root), 0o700);
      assert.equal(await mode(join(root, ref.owner)), 0o700);
      assert.equal(await mode(join(root, ref.owner, `${ref.jobId}.input`)), 0o600);

      const held = newRef(ref.owner, 'result');
      const source = heldSource();
      const put = store.put(held, source);
      source.push(randomBytes(10));
      const partial = join(root, ref.owner, `${held.jobId}.result.part`);
      await eventually(() => exists(partial), 'the partial file');
      assert.equal(await mode(partial), 0o600);
      source.push(null);
      await put;
      assert.equal(await mode(join(root, ref.owner, `${held.jobId}.result`)), 0o600);
    }));

  test('ping creates a missing root as 0700', () =>
    withFs(async ({ root, store }) => {
      assert.equal(await exists(root), false);
      await store.ping();
      assert.equal((await stat(root)).isDirectory(), true);
      assert.equal(await mode(root), 0o700);
    }));

  test('files are named by ids only: <owner hash>/<job id>.<kind>, nothing else on disk', () =>
    withFs(async ({ parent, root, store }) => {
      const input = newRef();
      const result: ObjectRef = { ...input, kind: 'result' };
      await store.put(input, sourceOf(randomBytes(10)));
      await store.put(result, sourceOf(randomBytes(10)));
      assert.deepEqual(await readdir(parent), ['root']);
      assert.deepEqual(await readdir(root), [input.owner]);
      const names = (await readdir(join(root, input.owner))).sort();
      assert.deepEqual(names, [`${input.jobId}.input`, `${input.jobId}.result`]);
      for (const name of names) assert.match(name, /^[0-9a-f-]{36}\.(input|result)$/);
    }));

  test('delete removes the owner directory with its last object, not before', () =>
    withFs(async ({ root, store }) => {
      const first = newRef();
      const second: ObjectRef = { ...newRef(), owner: first.owner };
      await store.put(first, sourceOf(randomBytes(10)));
      await store.put(second, sourceOf(randomBytes(10)));
      assert.equal(await store.delete(first), true);
      assert.equal(await exists(join(root, first.owner)), true, 'another object remains');
      assert.equal(await store.delete(second), true);
      assert.equal(await exists(join(root, first.owner)), false, 'no trace of the owner');
      // And the owner can store again afterwards.
      await store.put(first, sourceOf(randomBytes(10)));
      assert.equal(await exists(join(root, first.owner, `${first.jobId}.${first.kind}`)), true);
    }));

  test("one owner's puts racing deletes of their other objects never fail", () =>
    withFs(async ({ root, store }) => {
      // Each delete may remove the owner directory just as a concurrent put creates it
      // (inside mkdir itself, or between mkdir and open). Before the fix this failed a few
      // dozen times in 4,800 operations.
      const owner = newOwner();
      const failures: string[] = [];
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let i = 0; i < 150; i++) {
            const ref = newRef(owner);
            try {
              await store.put(ref, sourceOf(randomBytes(10)));
              assert.equal(await store.delete(ref), true);
            } catch (error) {
              failures.push((error as { code?: string }).code ?? String(error));
            }
          }
        }),
      );
      assert.deepEqual(failures, []);
      assert.equal(await exists(join(root, owner)), false, 'no trace of the owner');
    }));

  test('list removes owner directories left empty, and keeps non-empty ones', () =>
    withFs(async ({ root, store }) => {
      const kept = newRef();
      await store.put(kept, sourceOf(randomBytes(10)));
      const empty = newOwner();
      await mkdir(join(root, empty), { mode: 0o700 });
      const listed = await listAll(store);
      assert.deepEqual(
        listed.map((o) => o.ref),
        [kept],
      );
      assert.equal(await exists(join(root, empty)), false);
      assert.equal(await exists(join(root, kept.owner)), true);
    }));

  test('a directory emptied while list is iterating it is removed by the same pass', () =>
    withFs(async ({ root, store }) => {
      const ref = newRef();
      await store.put(ref, sourceOf(randomBytes(10)));
      for await (const object of store.list()) await store.delete(object.ref);
      assert.deepEqual(await readdir(root), []);
      // The owner's directory is made again on demand.
      await store.put(ref, sourceOf(randomBytes(10)));
      assert.equal((await readAll(await store.get(ref))).length, 10);
    }));

  test('list ignores, and keeps, entries that are not ours', () =>
    withFs(async ({ root, store }) => {
      const owner = newOwner();
      await mkdir(join(root, 'not-an-owner'), { recursive: true });
      await writeFile(join(root, 'not-an-owner', 'x.input'), 'keep');
      await writeFile(join(root, 'README'), 'keep');
      await mkdir(join(root, owner));
      await writeFile(join(root, owner, 'notes.txt'), 'keep');
      await writeFile(join(root, owner, 'not-a-uuid.input'), 'keep');
      assert.deepEqual(await listAll(store), []);
      assert.equal(await exists(join(root, 'not-an-owner', 'x.input')), true);
      assert.equal(await exists(join(root, 'README')), true);
      assert.equal(await exists(join(root, owner, 'notes.txt')), true);
    }));

  test("a crash's leftover .part file is listed as partial, hidden from get, and deletable", () =>
    withFs(async ({ root, store }) => {
      const ref = newRef();
      await mkdir(join(root, ref.owner), { recursive: true, mode: 0o700 });
      await writeFile(join(root, ref.owner, `${ref.jobId}.input.part`), randomBytes(77));
      const listed = await listAll(store);
      assert.equal(listed.length, 1);
      const [only] = listed;
      assert.ok(only);
      assert.deepEqual(only.ref, ref);
      assert.equal(only.partial, true);
      assert.equal(only.bytes, 77);
      await assert.rejects(store.get(ref), ObjectMissingError);
      assert.equal(await store.delete(ref), true);
      assert.deepEqual(await listAll(store), []);
    }));

  test('a second concurrent put of the same object fails without disturbing the first', () =>
    withFs(async ({ store }) => {
      const ref = newRef();
      const source = heldSource();
      const first = store.put(ref, source);
      source.push(Buffer.from('first '));
      await eventually(
        async () => (await listAll(store)).some((o) => o.partial),
        'the first write to start',
      );
      await assert.rejects(store.put(ref, sourceOf(Buffer.from('second'))), { code: 'EEXIST' });
      source.push(Buffer.from('write'));
      source.push(null);
      assert.deepEqual(await first, { bytes: 11 });
      assert.equal((await readAll(await store.get(ref))).toString(), 'first write');
    }));

  test('invalid refs write nothing, inside or outside the root', () =>
    withFs(async ({ parent, store }) => {
      const owner = newOwner();
      const valid = newRef(owner);
      const invalid: ObjectRef[] = [
        { owner: '..', jobId: valid.jobId, kind: 'input' },
        { owner: '../escaped', jobId: valid.jobId, kind: 'input' },
        { owner: `../../${owner}`, jobId: valid.jobId, kind: 'input' },
        { owner, jobId: '../../escaped', kind: 'input' },
        { owner, jobId: `../${valid.jobId}`, kind: 'input' },
        { owner, jobId: valid.jobId, kind: '../../escaped' as ObjectKind },
      ];
      for (const ref of invalid) {
        await assert.rejects(store.put(ref, sourceOf(randomBytes(10))), Error, JSON.stringify(ref));
      }
      await assert.rejects(store.deleteOwner('..'));
      const everything = await readdir(parent, { recursive: true });
      assert.ok(
        everything.length === 0 || (everything.length === 1 && everything[0] === 'root'),
        `unexpected files: ${everything.join(', ')}`,
      );
    }));

  test('get of an object whose owner directory never existed rejects with ObjectMissingError', () =>
    withFs(async ({ store }) => {
      await assert.rejects(store.get(newRef()), ObjectMissingError);
    }));
});
