import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Streaming AEAD: AES-256-GCM over 64 KiB segments with STREAM nonces
 * (7-byte random prefix ‖ 32-bit segment counter ‖ last-segment flag). Every segment's AAD is the
 * header plus the object's context (job id and kind), so truncation, reordering, a flipped bit, a
 * segment spliced from another object and a wrong key all fail authentication.
 *
 * Layout: "SRY1" ‖ prefix(7) ‖ segment* where each segment is ciphertext ‖ tag(16); the last
 * segment holds 0..64 KiB of plaintext and is the only one with the flag set.
 */
export const SEGMENT_SIZE = 64 * 1024;
const MAGIC = Buffer.from('SRY1', 'ascii');
const PREFIX_LENGTH = 7;
export const HEADER_LENGTH = MAGIC.length + PREFIX_LENGTH;
const TAG_LENGTH = 16;
const MAX_SEGMENTS = 0xffffffff;

export class AeadError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AeadError';
  }
}

function nonce(prefix: Buffer, counter: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(counter, PREFIX_LENGTH);
  n[11] = last ? 1 : 0;
  return n;
}

function aad(header: Buffer, context: string): Buffer {
  return Buffer.concat([header, Buffer.from(context, 'utf8')]);
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new AeadError('data key must be 32 bytes');
}

/** Encrypts a plaintext stream into the segmented format. */
export class EncryptStream extends Transform {
  readonly #key: Buffer;
  readonly #aad: Buffer;
  readonly #prefix: Buffer;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #counter = 0;

  constructor(key: Buffer, context: string) {
    super();
    checkKey(key);
    this.#key = key;
    this.#prefix = randomBytes(PREFIX_LENGTH);
    const header = Buffer.concat([MAGIC, this.#prefix]);
    this.#aad = aad(header, context);
    this.push(header);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    try {
      // Keep at least one byte back so the final segment is always known at flush time.
      while (this.#pendingBytes > SEGMENT_SIZE)
        this.push(this.#seal(this.#take(SEGMENT_SIZE), false));
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.push(this.#seal(this.#take(this.#pendingBytes), true));
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  /** Takes `length` bytes from the front of the pending chunks, copying only those bytes. */
  #take(length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const head = this.#pending[0];
      if (head === undefined) break;
      const used = head.copy(out, filled, 0, Math.min(head.length, length - filled));
      filled += used;
      if (used === head.length) this.#pending.shift();
      else this.#pending[0] = head.subarray(used);
    }
    this.#pendingBytes -= filled;
    return out.subarray(0, filled);
  }

  #seal(plain: Buffer, last: boolean): Buffer {
    if (this.#counter >= MAX_SEGMENTS) throw new AeadError('object too large');
    const cipher = createCipheriv(
      'aes-256-gcm',
      this.#key,
      nonce(this.#prefix, this.#counter++, last),
    );
    cipher.setAAD(this.#aad);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([body, cipher.getAuthTag()]);
  }
}

/**
 * Decrypts the segmented format. A segment's plaintext is released only after its tag verified;
 * a stream that ends without a valid final segment is an error.
 */
export class DecryptStream extends Transform {
  readonly #key: Buffer;
  readonly #context: string;
  #aad: Buffer | undefined;
  #prefix: Buffer | undefined;
  #buffer: Buffer = Buffer.alloc(0);
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #counter = 0;
  #finished = false;

  constructor(key: Buffer, context: string) {
    super();
    checkKey(key);
    this.#key = key;
    this.#context = context;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const full = SEGMENT_SIZE + TAG_LENGTH;
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    // Join chunks only when a whole segment (or the header) can be taken: tiny chunks stay linear.
    const needed = this.#prefix === undefined ? HEADER_LENGTH : full + 1;
    if (this.#buffer.length + this.#pendingBytes < needed) return done();
    this.#buffer = Buffer.concat([this.#buffer, ...this.#pending]);
    this.#pending = [];
    this.#pendingBytes = 0;
    try {
      if (this.#prefix === undefined) {
        if (this.#buffer.length < HEADER_LENGTH) return done();
        this.#readHeader();
      }
      // A full-size segment is final only if nothing follows it, so keep it until more arrives.
      while (this.#buffer.length > full) {
        this.push(this.#open(this.#buffer.subarray(0, full), false));
        this.#buffer = this.#buffer.subarray(full);
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    this.#buffer = Buffer.concat([this.#buffer, ...this.#pending]);
    this.#pending = [];
    try {
      if (this.#prefix === undefined && this.#buffer.length >= HEADER_LENGTH) this.#readHeader();
      if (this.#prefix === undefined) throw new AeadError('truncated: no header');
      if (this.#buffer.length < TAG_LENGTH) throw new AeadError('truncated: no final segment');
      this.push(this.#open(this.#buffer, true));
      this.#buffer = Buffer.alloc(0);
      this.#finished = true;
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  /** True once the final segment was verified. */
  get finished(): boolean {
    return this.#finished;
  }

  #readHeader(): void {
    const header = this.#buffer.subarray(0, HEADER_LENGTH);
    if (!header.subarray(0, MAGIC.length).equals(MAGIC))
      throw new AeadError('not an encrypted object');
    this.#prefix = Buffer.from(header.subarray(MAGIC.length));
    this.#aad = aad(Buffer.from(header), this.#context);
    this.#buffer = this.#buffer.subarray(HEADER_LENGTH);
  }

  #open(segment: Buffer, last: boolean): Buffer {
    if (this.#prefix === undefined || this.#aad === undefined) throw new AeadError('no header');
    if (this.#counter >= MAX_SEGMENTS) throw new AeadError('too many segments');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.#key,
      nonce(this.#prefix, this.#counter++, last),
    );
    decipher.setAAD(this.#aad);
    decipher.setAuthTag(segment.subarray(segment.length - TAG_LENGTH));
    const plain = decipher.update(segment.subarray(0, segment.length - TAG_LENGTH));
    try {
      // final() verifies the tag; nothing from this segment is released before it succeeds.
      return Buffer.concat([plain, decipher.final()]);
    } catch (error) {
      plain.fill(0);
      throw new AeadError('authentication failed', { cause: error });
    }
  }
}

/** Ciphertext length for a plaintext length (for tests and size checks). */
export function ciphertextLength(plaintextLength: number): number {
  const segments = Math.max(1, Math.ceil(plaintextLength / SEGMENT_SIZE));
  return HEADER_LENGTH + plaintextLength + segments * TAG_LENGTH;
}
