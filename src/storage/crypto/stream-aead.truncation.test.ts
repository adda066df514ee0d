// stream-aead fails closed on a truncated or incomplete object, and on trailing garbage.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { HEADER_LENGTH, SEGMENT_SIZE } from './stream-aead.js';
import {
  assertFailsClosed,
  CONTEXT,
  decrypt,
  encrypt,
  FULL,
  fourSegmentObject,
  header,
  segment,
  segmentStart,
  segmentsOf,
  TAG,
} from './stream-aead.test-helpers.js';

describe('stream-aead: fails closed', () => {
  const { key, plain, object } = fourSegmentObject();

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
