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

const TAG = 16;
const FULL = SEGMENT_SIZE + TAG;
const CONTEXT = 'serenya/v1/0123456789abcdef0123456789abcdef/job/input';

/** Splits a buffer into chunks of `size` bytes (the last may be shorter). */
function split(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

function chunkSize(data: Buffer, size: number | 'whole'): number {
  return size === 'whole' ? Math.max(1, data.length) : size;
}

async function collect(source: AsyncIterable<Buffer>, into: Buffer[]): Promise<void> {
  for await (const chunk of source) into.push(chunk);
}

async function encrypt(
  key: Buffer,
  context: string,
  plain: Buffer,
  size: number | 'whole' = 'whole',
): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(split(plain, chunkSize(plain, size))),
    new EncryptStream(key, context),
    (source: AsyncIterable<Buffer>) => collect(source, out),
  );
  return Buffer.concat(out);
}

async function decrypt(
  key: Buffer,
  context: string,
  cipher: Buffer,
  size: number | 'whole' = 'whole',
): Promise<{ plain: Buffer; finished: boolean }> {
  const out: Buffer[] = [];
  const stream = new DecryptStream(key, context);
  await pipeline(
    Readable.from(split(cipher, chunkSize(cipher, size))),
    stream,
    (source: AsyncIterable<Buffer>) => collect(source, out),
  );
  return { plain: Buffer.concat(out), finished: stream.finished };
}

/** Byte offset of segment `index` in a ciphertext. */
function segmentStart(index: number): number {
  return HEADER_LENGTH + index * FULL;
}

function segment(cipher: Buffer, index: number): Buffer {
  const start = segmentStart(index);
  return cipher.subarray(start, Math.min(start + FULL, cipher.length));
}

function segmentsOf(cipher: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; segmentStart(i) < cipher.length; i++) out.push(segment(cipher, i));
  return out;
}

function header(cipher: Buffer): Buffer {
  return cipher.subarray(0, HEADER_LENGTH);
}

function flipBit(data: Buffer, offset: number, mask = 0x01): Buffer {
  const copy = Buffer.from(data);
  copy[offset] = (copy[offset] ?? 0) ^ mask;
  return copy;
}

/**
 * Decrypts `cipher` fed in several chunkings and asserts it fails closed: the pipeline rejects
 * with AeadError, the stream never reports success, and everything a consumer collected is a
 * whole-segment prefix of the true plaintext that stops before segment `verifiedSegments` (the
 * first segment that cannot be authenticated in its position).
 */
async function assertFailsClosed(
  cipher: Buffer,
  expected: {
    plain: Buffer;
    verifiedSegments: number;
    key: Buffer;
    context?: string;
  },
): Promise<void> {
  for (const size of ['whole', 1000, FULL + 1] as const) {
    const released: Buffer[] = [];
    const stream = new DecryptStream(expected.key, expected.context ?? CONTEXT);
    await assert.rejects(
      pipeline(
        Readable.from(split(cipher, chunkSize(cipher, size))),
        stream,
        (source: AsyncIterable<Buffer>) => collect(source, released),
      ),
      AeadError,
      `chunk size ${String(size)}: expected an AeadError`,
    );
    assert.equal(stream.finished, false, 'a failed stream must not report finished');
    const out = Buffer.concat(released);
    assert.ok(
      out.length <= expected.verifiedSegments * SEGMENT_SIZE,
      `chunk size ${String(size)}: released ${out.length} bytes, more than the ${expected.verifiedSegments} segment(s) before the bad one`,
    );
    assert.equal(out.length % SEGMENT_SIZE, 0, 'only whole verified segments may be released');
    assert.ok(
      out.equals(expected.plain.subarray(0, out.length)),
      'released bytes must be authentic plaintext',
    );
  }
}

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

describe('stream-aead: fails closed', () => {
  // Four segments: three full (not last) and a final one with 1000 bytes.
  const key = randomBytes(32);
  const plain = randomBytes(3 * SEGMENT_SIZE + 1000);
  const ready = encrypt(key, CONTEXT, plain);

  async function object(): Promise<Buffer> {
    return Buffer.from(await ready);
  }

  test('sanity: the untouched object decrypts and has four segments', async () => {
    const c = await object();
    assert.equal(segmentsOf(c).length, 4);
    assert.equal(segment(c, 3).length, 1000 + TAG);
    assert.ok((await decrypt(key, CONTEXT, c)).plain.equals(plain));
  });

  describe('truncation mid-segment', () => {
    test('inside the first segment', async () => {
      const c = await object();
      await assertFailsClosed(c.subarray(0, segmentStart(0) + 100), {
        plain,
        key,
        verifiedSegments: 0,
      });
    });
    test('inside a middle segment', async () => {
      const c = await object();
      await assertFailsClosed(c.subarray(0, segmentStart(2) + 5000), {
        plain,
        key,
        verifiedSegments: 2,
      });
    });
    test('one byte short of the end', async () => {
      const c = await object();
      await assertFailsClosed(c.subarray(0, c.length - 1), {
        plain,
        key,
        verifiedSegments: 3,
      });
    });
    test('inside the final tag', async () => {
      const c = await object();
      await assertFailsClosed(c.subarray(0, c.length - TAG / 2), {
        plain,
        key,
        verifiedSegments: 3,
      });
    });
    test('leaving less than a tag of the final segment', async () => {
      const c = await object();
      await assertFailsClosed(c.subarray(0, segmentStart(3) + TAG - 1), {
        plain,
        key,
        verifiedSegments: 3,
      });
    });
  });

  describe('truncation exactly at a segment boundary', () => {
    test('dropping the whole last segment', async () => {
      const c = await object();
      await assertFailsClosed(c.subarray(0, segmentStart(3)), {
        plain,
        key,
        verifiedSegments: 2,
      });
    });
    test('dropping the last two segments', async () => {
      const c = await object();
      await assertFailsClosed(c.subarray(0, segmentStart(2)), {
        plain,
        key,
        verifiedSegments: 1,
      });
    });
    test('dropping a 1-byte last segment of a 64 KiB + 1 object releases nothing', async () => {
      const small = randomBytes(SEGMENT_SIZE + 1);
      const c = await encrypt(key, CONTEXT, small);
      await assertFailsClosed(c.subarray(0, segmentStart(1)), {
        plain: small,
        key,
        verifiedSegments: 0,
      });
    });
    test('dropping a full-size last segment (plaintext a multiple of 64 KiB)', async () => {
      const even = randomBytes(3 * SEGMENT_SIZE);
      const c = await encrypt(key, CONTEXT, even);
      assert.equal(segmentsOf(c).length, 3);
      await assertFailsClosed(c.subarray(0, segmentStart(2)), {
        plain: even,
        key,
        verifiedSegments: 1,
      });
    });
  });

  describe('missing content', () => {
    test('header only', async () => {
      const c = await object();
      await assertFailsClosed(header(c), { plain, key, verifiedSegments: 0 });
    });
    test('part of the header', async () => {
      const c = await object();
      await assertFailsClosed(c.subarray(0, 5), { plain, key, verifiedSegments: 0 });
    });
    test('empty input', async () => {
      await assertFailsClosed(Buffer.alloc(0), { plain, key, verifiedSegments: 0 });
    });
    test('header only, of an object whose plaintext was empty', async () => {
      const c = await encrypt(key, CONTEXT, Buffer.alloc(0));
      assert.equal(c.length, HEADER_LENGTH + TAG);
      await assertFailsClosed(header(c), { plain: Buffer.alloc(0), key, verifiedSegments: 0 });
    });
  });

  describe('reordering', () => {
    function reorder(c: Buffer, order: number[]): Buffer {
      const parts = segmentsOf(c);
      return Buffer.concat([header(c), ...order.map((i) => parts[i] ?? Buffer.alloc(0))]);
    }
    test('first two segments swapped', async () => {
      await assertFailsClosed(reorder(await object(), [1, 0, 2, 3]), {
        plain,
        key,
        verifiedSegments: 0,
      });
    });
    test('two middle segments swapped', async () => {
      await assertFailsClosed(reorder(await object(), [0, 2, 1, 3]), {
        plain,
        key,
        verifiedSegments: 1,
      });
    });
    test('final segment moved before a full one', async () => {
      await assertFailsClosed(reorder(await object(), [0, 1, 3, 2]), {
        plain,
        key,
        verifiedSegments: 2,
      });
    });
    test('a segment duplicated', async () => {
      await assertFailsClosed(reorder(await object(), [0, 1, 1, 2, 3]), {
        plain,
        key,
        verifiedSegments: 2,
      });
    });
    test('a middle segment dropped', async () => {
      await assertFailsClosed(reorder(await object(), [0, 2, 3]), {
        plain,
        key,
        verifiedSegments: 1,
      });
    });
  });

  describe('flipped bits', () => {
    test('in the magic of the header', async () => {
      await assertFailsClosed(flipBit(await object(), 0), { plain, key, verifiedSegments: 0 });
    });
    test('in the nonce prefix of the header', async () => {
      await assertFailsClosed(flipBit(await object(), HEADER_LENGTH - 1, 0x80), {
        plain,
        key,
        verifiedSegments: 0,
      });
    });
    test('in the ciphertext of the first segment', async () => {
      await assertFailsClosed(flipBit(await object(), segmentStart(0)), {
        plain,
        key,
        verifiedSegments: 0,
      });
    });
    test('in the ciphertext of a middle segment', async () => {
      await assertFailsClosed(flipBit(await object(), segmentStart(2) + 30_000, 0x10), {
        plain,
        key,
        verifiedSegments: 2,
      });
    });
    test('in the ciphertext of the final segment', async () => {
      await assertFailsClosed(flipBit(await object(), segmentStart(3) + 999), {
        plain,
        key,
        verifiedSegments: 3,
      });
    });
    test('in the tag of a middle segment', async () => {
      await assertFailsClosed(flipBit(await object(), segmentStart(2) - 1), {
        plain,
        key,
        verifiedSegments: 1,
      });
    });
    test('in the tag of the final segment', async () => {
      const c = await object();
      await assertFailsClosed(flipBit(c, c.length - TAG), { plain, key, verifiedSegments: 3 });
    });
    test('any single byte of a small object', async () => {
      const small = randomBytes(100);
      const c = await encrypt(key, CONTEXT, small);
      for (let offset = 0; offset < c.length; offset++) {
        const stream = new DecryptStream(key, CONTEXT);
        const released: Buffer[] = [];
        await assert.rejects(
          pipeline(Readable.from([flipBit(c, offset, 0xff)]), stream, (s: AsyncIterable<Buffer>) =>
            collect(s, released),
          ),
          AeadError,
          `offset ${offset}`,
        );
        assert.equal(Buffer.concat(released).length, 0, `offset ${offset} released bytes`);
      }
    });
  });

  describe('splicing', () => {
    function splice(target: Buffer, donor: Buffer, index: number): Buffer {
      const parts = segmentsOf(target);
      parts[index] = segment(donor, index);
      return Buffer.concat([header(target), ...parts]);
    }

    test('a segment from another object with the same key and context', async () => {
      const other = await encrypt(key, CONTEXT, randomBytes(plain.length));
      await assertFailsClosed(splice(await object(), other, 1), {
        plain,
        key,
        verifiedSegments: 1,
      });
    });
    test('the final segment from another object with the same key and context', async () => {
      const other = await encrypt(key, CONTEXT, randomBytes(plain.length));
      await assertFailsClosed(splice(await object(), other, 3), {
        plain,
        key,
        verifiedSegments: 3,
      });
    });
    test("another object's header in front of this object's segments", async () => {
      const c = await object();
      const other = await encrypt(key, CONTEXT, randomBytes(plain.length));
      await assertFailsClosed(Buffer.concat([header(other), c.subarray(HEADER_LENGTH)]), {
        plain,
        key,
        verifiedSegments: 0,
      });
    });
    test('a segment from another object encrypted with a different key', async () => {
      const other = await encrypt(randomBytes(32), CONTEXT, randomBytes(plain.length));
      await assertFailsClosed(splice(await object(), other, 2), {
        plain,
        key,
        verifiedSegments: 2,
      });
    });
    test('the final segment from another object encrypted with a different key', async () => {
      const other = await encrypt(randomBytes(32), CONTEXT, randomBytes(plain.length));
      await assertFailsClosed(splice(await object(), other, 3), {
        plain,
        key,
        verifiedSegments: 3,
      });
    });
  });

  describe('wrong key or context', () => {
    test('wrong key', async () => {
      await assertFailsClosed(await object(), { plain, key: randomBytes(32), verifiedSegments: 0 });
    });
    test('wrong context string', async () => {
      await assertFailsClosed(await object(), {
        plain,
        key,
        context: CONTEXT.replace('/input', '/result'),
        verifiedSegments: 0,
      });
    });
    test('context differing in one character, and an empty context', async () => {
      for (const context of [CONTEXT + ' ', CONTEXT.slice(0, -1), '']) {
        await assertFailsClosed(await object(), { plain, key, context, verifiedSegments: 0 });
      }
    });
  });

  describe('trailing garbage', () => {
    test('one byte appended', async () => {
      const c = await object();
      await assertFailsClosed(Buffer.concat([c, Buffer.from([0])]), {
        plain,
        key,
        verifiedSegments: 3,
      });
    });
    test('a tag-sized block appended', async () => {
      const c = await object();
      await assertFailsClosed(Buffer.concat([c, randomBytes(TAG)]), {
        plain,
        key,
        verifiedSegments: 3,
      });
    });
    test('more than a full segment of random bytes appended', async () => {
      const c = await object();
      await assertFailsClosed(Buffer.concat([c, randomBytes(FULL + 3)]), {
        plain,
        key,
        verifiedSegments: 3,
      });
    });
    test('a copy of the final segment appended', async () => {
      const c = await object();
      await assertFailsClosed(Buffer.concat([c, segment(c, 3)]), {
        plain,
        key,
        verifiedSegments: 3,
      });
    });
    test('garbage after a full-size final segment', async () => {
      const even = randomBytes(2 * SEGMENT_SIZE);
      const c = await encrypt(key, CONTEXT, even);
      await assertFailsClosed(Buffer.concat([c, Buffer.from('x')]), {
        plain: even,
        key,
        verifiedSegments: 1,
      });
    });
    test('garbage after the object of an empty plaintext', async () => {
      const c = await encrypt(key, CONTEXT, Buffer.alloc(0));
      await assertFailsClosed(Buffer.concat([c, Buffer.from('x')]), {
        plain: Buffer.alloc(0),
        key,
        verifiedSegments: 0,
      });
    });
  });
});
