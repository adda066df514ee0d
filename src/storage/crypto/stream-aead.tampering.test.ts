// stream-aead fails closed on reordered, flipped or spliced segments, and a wrong key or context.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AeadError, DecryptStream, HEADER_LENGTH } from './stream-aead.js';
import {
  assertFailsClosed,
  collect,
  CONTEXT,
  encrypt,
  fourSegmentObject,
  header,
  segment,
  segmentStart,
  segmentsOf,
  TAG,
} from './stream-aead.test-helpers.js';

function flipBit(data: Buffer, offset: number, mask = 0x01): Buffer {
  const copy = Buffer.from(data);
  copy[offset] = (copy[offset] ?? 0) ^ mask;
  return copy;
}

describe('stream-aead: fails closed', () => {
  const { key, plain, object } = fourSegmentObject();

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
});
