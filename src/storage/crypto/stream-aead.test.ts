// stream-aead: the ciphertext layout, and round trips of every size fed in every chunking.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AeadError,
  DecryptStream,
  EncryptStream,
  HEADER_LENGTH,
  SEGMENT_SIZE,
  ciphertextLength,
} from './stream-aead.js';
import {
  collect,
  CONTEXT,
  decrypt,
  encrypt,
  FULL,
  header,
  segmentsOf,
  TAG,
} from './stream-aead.test-helpers.js';

describe('stream-aead: ciphertextLength', () => {
  test('matches the layout: header + plaintext + one tag per 64 KiB segment (at least one)', () => {
    assert.equal(ciphertextLength(0), HEADER_LENGTH + TAG);
    assert.equal(ciphertextLength(1), HEADER_LENGTH + 1 + TAG);
    assert.equal(ciphertextLength(SEGMENT_SIZE - 1), HEADER_LENGTH + SEGMENT_SIZE - 1 + TAG);
    assert.equal(ciphertextLength(SEGMENT_SIZE), HEADER_LENGTH + SEGMENT_SIZE + TAG);
    assert.equal(ciphertextLength(SEGMENT_SIZE + 1), HEADER_LENGTH + SEGMENT_SIZE + 1 + 2 * TAG);
    assert.equal(ciphertextLength(3 * SEGMENT_SIZE), HEADER_LENGTH + 3 * SEGMENT_SIZE + 3 * TAG);
  });
});

describe('stream-aead: round trip', () => {
  const sizes = [
    0,
    1,
    SEGMENT_SIZE - 1,
    SEGMENT_SIZE,
    SEGMENT_SIZE + 1,
    3 * SEGMENT_SIZE,
    300_007,
  ] as const;
  const chunkings = [1, 1000, 'whole'] as const;

  for (const size of sizes) {
    for (const chunking of chunkings) {
      test(`${size} bytes, fed in ${String(chunking)}-byte chunks`, async () => {
        const key = randomBytes(32);
        const plain = randomBytes(size);
        const cipher = await encrypt(key, CONTEXT, plain, chunking);
        assert.equal(cipher.length, ciphertextLength(size));
        assert.equal(segmentsOf(cipher).length, Math.max(1, Math.ceil(size / SEGMENT_SIZE)));
        const { plain: back, finished } = await decrypt(key, CONTEXT, cipher, chunking);
        assert.equal(finished, true);
        assert.equal(back.length, size);
        assert.ok(back.equals(plain), 'decrypted bytes differ from the plaintext');
      });
    }
  }

  test('ciphertext produced in one chunking decrypts in another (segmentation is by bytes)', async () => {
    const key = randomBytes(32);
    const plain = randomBytes(2 * SEGMENT_SIZE + 12_345);
    const cipher = await encrypt(key, CONTEXT, plain, 777);
    assert.ok(cipher.equals(Buffer.concat([header(cipher), ...segmentsOf(cipher)])));
    for (const size of [3, 65_535, FULL, FULL + 1, 'whole'] as const) {
      const { plain: back } = await decrypt(key, CONTEXT, cipher, size);
      assert.ok(back.equals(plain), `chunk size ${String(size)}`);
    }
  });

  test('empty chunks in the plaintext stream are harmless', async () => {
    const key = randomBytes(32);
    const plain = randomBytes(SEGMENT_SIZE + 10);
    const out: Buffer[] = [];
    await pipeline(
      Readable.from([
        Buffer.alloc(0),
        plain.subarray(0, 5),
        Buffer.alloc(0),
        plain.subarray(5),
        Buffer.alloc(0),
      ]),
      new EncryptStream(key, CONTEXT),
      (source: AsyncIterable<Buffer>) => collect(source, out),
    );
    const cipher = Buffer.concat(out);
    assert.equal(cipher.length, ciphertextLength(plain.length));
    assert.ok((await decrypt(key, CONTEXT, cipher)).plain.equals(plain));
  });

  test('the output starts with the SRY1 magic, and never contains the plaintext', async () => {
    const key = randomBytes(32);
    const marker = 'PATIENT-MARKER-hemoglobin-11.2-';
    const plain = Buffer.from(marker.repeat(5000), 'utf8');
    const cipher = await encrypt(key, CONTEXT, plain);
    assert.equal(cipher.subarray(0, 4).toString('ascii'), 'SRY1');
    assert.equal(cipher.includes(Buffer.from(marker, 'utf8')), false);
  });

  test('two encryptions of the same plaintext under the same key differ (random nonce prefix)', async () => {
    const key = randomBytes(32);
    const plain = randomBytes(1000);
    const a = await encrypt(key, CONTEXT, plain);
    const b = await encrypt(key, CONTEXT, plain);
    assert.notDeepEqual(header(a), header(b));
    assert.notDeepEqual(a.subarray(HEADER_LENGTH), b.subarray(HEADER_LENGTH));
  });

  test('a key that is not 32 bytes is refused by both streams', () => {
    for (const length of [0, 16, 31, 33]) {
      assert.throws(() => new EncryptStream(randomBytes(length), CONTEXT), AeadError);
      assert.throws(() => new DecryptStream(randomBytes(length), CONTEXT), AeadError);
    }
  });
});
