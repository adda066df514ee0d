import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rename,
  rm,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import type { KeyWrapper } from './crypto/key-wrapper.port.js';
import { MasterKeyWrapper } from './crypto/master-key.wrapper.js';
import { AeadError, HEADER_LENGTH, SEGMENT_SIZE, ciphertextLength } from './crypto/stream-aead.js';
import { FsStore } from './fs.store.js';
import { ObjectTooLargeError, SealedStore } from './sealed-store.js';
import { eventually, heldSource, listAll, newOwner, newRef } from './store.contract.js';
import { ObjectMissingError, type ObjectRef } from './store.port.js';

const MAX = 10 * 1024 * 1024;
const TAG = 16;

/** Delegates to a real wrapper and keeps what passed through, so tests can look for it. */
class RecordingWrapper implements KeyWrapper {
  /** Copies of every data key generated. */
  readonly keyCopies: Buffer[] = [];
  /** The very buffers handed to the caller (to check they are wiped after use). */
  readonly handedOut: Buffer[] = [];
  readonly #inner: KeyWrapper;

  constructor(inner: KeyWrapper) {
    this.#inner = inner;
  }

  async generate(context: string): Promise<{ dataKey: Buffer; wrapped: string }> {
    const generated = await this.#inner.generate(context);
    this.keyCopies.push(Buffer.from(generated.dataKey));
    this.handedOut.push(generated.dataKey);
    return generated;
  }

  async unwrap(wrapped: string, context: string): Promise<Buffer> {
    const key = await this.#inner.unwrap(wrapped, context);
    this.handedOut.push(key);
    return key;
  }
}

interface Rig {
  root: string;
  store: FsStore;
  keys: RecordingWrapper;
  sealed: SealedStore;
  path: (ref: ObjectRef) => string;
}

async function withRig(run: (rig: Rig) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'serenya-sealed-'));
  const store = new FsStore(root);
  const keys = new RecordingWrapper(new MasterKeyWrapper(randomBytes(32)));
  try {
    await run({
      root,
      store,
      keys,
      sealed: new SealedStore(store, keys),
      path: (ref) => join(root, ref.owner, `${ref.jobId}.${ref.kind}`),
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Every file under `dir`, with its relative path and content. */
async function filesUnder(dir: string): Promise<{ name: string; content: Buffer }[]> {
  const out: { name: string; content: Buffer }[] = [];
  for (const name of await readdir(dir, { recursive: true })) {
    const path = join(dir, name);
    if ((await stat(path)).isFile()) out.push({ name, content: await readFile(path) });
  }
  return out;
}

async function assertReadFails(
  sealed: SealedStore,
  ref: ObjectRef,
  wrappedKey: string,
  expected: (new (...args: never[]) => Error) | RegExp = AeadError,
): Promise<void> {
  let returned: Buffer | undefined;
  await assert.rejects(async () => {
    returned = await sealed.read(ref, wrappedKey, { maxBytes: MAX });
  }, expected);
  assert.equal(returned, undefined, 'no data may be returned');
}

function textOf(size: number, marker: string): Buffer {
  return Buffer.from(marker.repeat(Math.ceil(size / marker.length)).slice(0, size), 'utf8');
}

describe('SealedStore over FsStore', () => {
  for (const size of [0, 1, 1000, SEGMENT_SIZE, 3 * SEGMENT_SIZE + 17]) {
    test(`write then read returns the plaintext (${size} bytes)`, () =>
      withRig(async ({ sealed, path }) => {
        const ref = newRef();
        const plain = randomBytes(size);
        const { wrappedKey, bytes } = await sealed.write(ref, Readable.from([plain]));
        assert.equal(bytes, ciphertextLength(size));
        assert.equal((await stat(path(ref))).size, bytes);
        assert.ok((await sealed.read(ref, wrappedKey, { maxBytes: MAX })).equals(plain));
      }));
  }

  test('writeBuffer then read returns the plaintext, for input and result of one job', () =>
    withRig(async ({ sealed }) => {
      const input = newRef();
      const result: ObjectRef = { ...input, kind: 'result' };
      const a = await sealed.writeBuffer(input, Buffer.from('input bytes'));
      const b = await sealed.writeBuffer(result, Buffer.from('{"result":true}'));
      assert.notEqual(a.wrappedKey, b.wrappedKey);
      assert.equal(
        (await sealed.read(input, a.wrappedKey, { maxBytes: MAX })).toString(),
        'input bytes',
      );
      assert.equal(
        (await sealed.read(result, b.wrappedKey, { maxBytes: MAX })).toString(),
        '{"result":true}',
      );
    }));

  test('the ciphertext on disk does not contain the plaintext', () =>
    withRig(async ({ root, sealed }) => {
      const marker = 'SERENYA-CANARY-Hemoglobin 11.2 g/dL-';
      const ref = newRef();
      await sealed.write(ref, Readable.from([textOf(150_000, marker)]));
      const files = await filesUnder(root);
      assert.equal(files.length, 1);
      for (const { name, content } of files) {
        assert.equal(content.includes(Buffer.from(marker, 'utf8')), false);
        assert.equal(content.includes(Buffer.from('SERENYA-CANARY', 'utf8')), false);
        assert.equal(name.includes('CANARY'), false);
      }
    }));

  test('neither the wrapped key nor the data key is on disk', () =>
    withRig(async ({ root, sealed, keys }) => {
      const ref = newRef();
      const { wrappedKey } = await sealed.write(ref, Readable.from([randomBytes(100_000)]));
      const dataKey = keys.keyCopies[0];
      assert.ok(dataKey !== undefined);
      const payload = Buffer.from(wrappedKey.split('.')[2] ?? '', 'base64url');
      assert.equal(payload.length, 60);
      const needles = [
        Buffer.from(wrappedKey, 'utf8'),
        Buffer.from(wrappedKey.split('.')[2] ?? '', 'utf8'),
        payload,
        dataKey,
        Buffer.from(dataKey.toString('hex'), 'utf8'),
        Buffer.from(dataKey.toString('base64'), 'utf8'),
      ];
      for (const { name, content } of await filesUnder(root)) {
        for (const needle of needles) {
          assert.equal(content.includes(needle), false, `${name} contains key material`);
          assert.equal(name.includes(needle.toString('utf8')), false);
        }
      }
    }));

  test('data keys are wiped from memory after write and after read', () =>
    withRig(async ({ sealed, keys }) => {
      const ref = newRef();
      const { wrappedKey } = await sealed.writeBuffer(ref, randomBytes(1000));
      await sealed.read(ref, wrappedKey, { maxBytes: MAX });
      assert.equal(keys.handedOut.length, 2);
      for (const key of keys.handedOut) assert.ok(key.equals(Buffer.alloc(32)), 'key not wiped');
    }));

  describe('tampering on disk makes read() reject with no data', () => {
    const size = 3 * SEGMENT_SIZE + 500;
    const FULL = SEGMENT_SIZE + TAG;

    async function flipByteAt(file: string, offset: (length: number) => number): Promise<void> {
      const content = await readFile(file);
      const at = offset(content.length);
      content[at] = (content[at] ?? 0) ^ 0x01;
      await writeFile(file, content);
    }

    const flips: [string, (length: number) => number][] = [
      ['the magic', () => 0],
      ['the nonce prefix', () => HEADER_LENGTH - 1],
      ['the first segment', () => HEADER_LENGTH + 10],
      ['a middle segment', () => HEADER_LENGTH + FULL + 40_000],
      ['the last byte (final tag)', (length) => length - 1],
    ];
    for (const [where, offset] of flips) {
      test(`a byte flipped in ${where}`, () =>
        withRig(async ({ sealed, path }) => {
          const ref = newRef();
          const { wrappedKey } = await sealed.write(ref, Readable.from([randomBytes(size)]));
          await flipByteAt(path(ref), offset);
          await assertReadFails(sealed, ref, wrappedKey);
        }));
    }

    const cuts: [string, (length: number) => number][] = [
      ['to nothing', () => 0],
      ['to the header', () => HEADER_LENGTH],
      ['at a segment boundary (final segment dropped)', () => HEADER_LENGTH + 3 * FULL],
      ['at the first segment boundary', () => HEADER_LENGTH + FULL],
      ['mid-segment', () => HEADER_LENGTH + FULL + 1234],
      ['by one byte', (length) => length - 1],
    ];
    for (const [how, cut] of cuts) {
      test(`the file truncated ${how}`, () =>
        withRig(async ({ sealed, path }) => {
          const ref = newRef();
          const { wrappedKey } = await sealed.write(ref, Readable.from([randomBytes(size)]));
          const file = path(ref);
          await truncate(file, cut((await stat(file)).size));
          await assertReadFails(sealed, ref, wrappedKey);
        }));
    }

    test('bytes appended to the file', () =>
      withRig(async ({ sealed, path }) => {
        const ref = newRef();
        const { wrappedKey } = await sealed.write(ref, Readable.from([randomBytes(size)]));
        await writeFile(path(ref), randomBytes(20), { flag: 'a' });
        await assertReadFails(sealed, ref, wrappedKey);
      }));

    test("two objects' files swapped", () =>
      withRig(async ({ sealed, path }) => {
        const owner = newOwner();
        const a = newRef(owner);
        const b = newRef(owner);
        const keyA = (await sealed.write(a, Readable.from([randomBytes(size)]))).wrappedKey;
        const keyB = (await sealed.write(b, Readable.from([randomBytes(size)]))).wrappedKey;
        const aside = `${path(a)}.aside`;
        await rename(path(a), aside);
        await rename(path(b), path(a));
        await rename(aside, path(b));
        await assertReadFails(sealed, a, keyA);
        await assertReadFails(sealed, b, keyB);
      }));

    test('input and result files of one job swapped', () =>
      withRig(async ({ sealed, path }) => {
        const input = newRef();
        const result: ObjectRef = { ...input, kind: 'result' };
        const keyIn = (await sealed.writeBuffer(input, randomBytes(500))).wrappedKey;
        const keyOut = (await sealed.writeBuffer(result, randomBytes(500))).wrappedKey;
        const aside = `${path(input)}.aside`;
        await rename(path(input), aside);
        await rename(path(result), path(input));
        await rename(aside, path(result));
        await assertReadFails(sealed, input, keyIn);
        await assertReadFails(sealed, result, keyOut);
      }));
  });

  test('an object moved to another ref, read there with its own wrapped key, rejects', () =>
    withRig(async ({ root, sealed, path }) => {
      const result = newRef(newOwner(), 'result');
      const asInput: ObjectRef = { ...result, kind: 'input' };
      const asOtherOwner: ObjectRef = { ...result, owner: newOwner() };
      const asOtherJob = newRef(result.owner, 'result');
      const { wrappedKey } = await sealed.writeBuffer(result, randomBytes(1000));
      await mkdir(join(root, asOtherOwner.owner), { recursive: true });
      for (const target of [asInput, asOtherOwner, asOtherJob]) {
        await copyFile(path(result), path(target));
        await assertReadFails(sealed, target, wrappedKey, Error);
      }
      // The original still reads: the failures above come from the binding, not the bytes.
      assert.equal((await sealed.read(result, wrappedKey, { maxBytes: MAX })).length, 1000);
    }));

  test("reading with another object's wrapped key rejects", () =>
    withRig(async ({ sealed }) => {
      const owner = newOwner();
      const a = newRef(owner);
      const b = newRef(owner);
      const c: ObjectRef = { ...a, owner: newOwner() };
      const keyA = (await sealed.writeBuffer(a, randomBytes(100))).wrappedKey;
      const keyB = (await sealed.writeBuffer(b, randomBytes(100))).wrappedKey;
      await sealed.writeBuffer(c, randomBytes(100));
      await assertReadFails(sealed, a, keyB, Error);
      await assertReadFails(sealed, b, keyA, Error);
      // Same job id and kind under another owner: the owner is part of the context too.
      await assertReadFails(sealed, c, keyA, Error);
    }));

  test('a wrapped key from another master key rejects', () =>
    withRig(async ({ store, sealed }) => {
      const ref = newRef();
      const other = new SealedStore(store, new MasterKeyWrapper(randomBytes(32)));
      const { wrappedKey } = await sealed.writeBuffer(ref, randomBytes(100));
      await assert.rejects(other.read(ref, wrappedKey, { maxBytes: MAX }));
    }));

  test('maxBytes is enforced with ObjectTooLargeError', () =>
    withRig(async ({ sealed }) => {
      const ref = newRef();
      const plain = randomBytes(200_000);
      const { wrappedKey } = await sealed.writeBuffer(ref, plain);
      for (const maxBytes of [0, 1000, SEGMENT_SIZE, 199_999]) {
        await assert.rejects(sealed.read(ref, wrappedKey, { maxBytes }), ObjectTooLargeError);
      }
      assert.ok((await sealed.read(ref, wrappedKey, { maxBytes: 200_000 })).equals(plain));
      const empty = newRef();
      const emptyKey = (await sealed.writeBuffer(empty, Buffer.alloc(0))).wrappedKey;
      assert.equal((await sealed.read(empty, emptyKey, { maxBytes: 0 })).length, 0);
    }));

  test('reading a deleted object rejects with ObjectMissingError', () =>
    withRig(async ({ store, sealed }) => {
      const ref = newRef();
      const { wrappedKey } = await sealed.writeBuffer(ref, randomBytes(10));
      assert.equal(await store.delete(ref), true);
      await assertReadFails(sealed, ref, wrappedKey, ObjectMissingError);
    }));

  test('a write whose plaintext stream fails half-way rejects and leaves nothing', () =>
    withRig(async ({ root, store, sealed }) => {
      const ref = newRef();
      const failing = Readable.from(
        (async function* () {
          yield randomBytes(100_000);
          throw new Error('upload broke');
        })(),
      );
      await assert.rejects(sealed.write(ref, failing), /upload broke/);
      assert.deepEqual(await listAll(store), []);
      assert.deepEqual(
        (await filesUnder(root)).map((f) => f.name),
        [],
      );
    }));

  test('an aborted write rejects and leaves nothing', () =>
    withRig(async ({ store, sealed }) => {
      const ref = newRef();
      const source = heldSource();
      const controller = new AbortController();
      const write = sealed.write(ref, source, controller.signal);
      source.push(randomBytes(100_000));
      await eventually(
        async () => (await listAll(store)).some((o) => o.partial && o.bytes > 0),
        'ciphertext to reach the store',
      );
      controller.abort();
      await assert.rejects(write, { name: 'AbortError' });
      assert.deepEqual(await listAll(store), []);
      await assert.rejects(store.get(ref), ObjectMissingError);
    }));
});
