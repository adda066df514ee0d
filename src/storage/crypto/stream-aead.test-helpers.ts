// Shared by the stream-aead tests: stream helpers, segment layout, sample object, fail-closed check.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AeadError,
  DecryptStream,
  EncryptStream,
  HEADER_LENGTH,
  SEGMENT_SIZE,
} from './stream-aead.js';

export const TAG = 16;
export const FULL = SEGMENT_SIZE + TAG;
export const CONTEXT = 'serenya/v1/0123456789abcdef0123456789abcdef/job/input';

/** Splits a buffer into chunks of `size` bytes (the last may be shorter). */
function split(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

function chunkSize(data: Buffer, size: number | 'whole'): number {
  return size === 'whole' ? Math.max(1, data.length) : size;
}

export async function collect(source: AsyncIterable<Buffer>, into: Buffer[]): Promise<void> {
  for await (const chunk of source) into.push(chunk);
}

export async function encrypt(
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

export async function decrypt(
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
export function segmentStart(index: number): number {
  return HEADER_LENGTH + index * FULL;
}

export function segment(cipher: Buffer, index: number): Buffer {
  const start = segmentStart(index);
  return cipher.subarray(start, Math.min(start + FULL, cipher.length));
}

export function segmentsOf(cipher: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; segmentStart(i) < cipher.length; i++) out.push(segment(cipher, i));
  return out;
}

export function header(cipher: Buffer): Buffer {
  return cipher.subarray(0, HEADER_LENGTH);
}

/**
 * The object the fail-closed tests tamper with: four segments, three full (not last) and a final
 * one with 1000 bytes. `object()` returns a fresh copy of its ciphertext.
 */
export function fourSegmentObject(): {
  key: Buffer;
  plain: Buffer;
  object: () => Promise<Buffer>;
} {
  const key = randomBytes(32);
  const plain = randomBytes(3 * SEGMENT_SIZE + 1000);
  const ready = encrypt(key, CONTEXT, plain);

  async function object(): Promise<Buffer> {
    return Buffer.from(await ready);
  }

  return { key, plain, object };
}

/**
 * Decrypts `cipher` fed in several chunkings and asserts it fails closed: the pipeline rejects
 * with AeadError, the stream never reports success, and everything a consumer collected is a
 * whole-segment prefix of the true plaintext that stops before segment `verifiedSegments` (the
 * first segment that cannot be authenticated in its position).
 */
export async function assertFailsClosed(
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
