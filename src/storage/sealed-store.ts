import { Readable, pipeline } from 'node:stream';
import { AeadError, DecryptStream, EncryptStream } from './crypto/stream-aead.js';
import type { KeyWrapper } from './crypto/key-wrapper.port.js';
import type { ObjectRef, TempStore } from './store.port.js';

/** Binds ciphertext and wrapped key to one object: owner, job and kind. */
function contextOf(ref: ObjectRef): string {
  return `serenya/v1/${ref.owner}/${ref.jobId}/${ref.kind}`;
}

/** Thrown when an object exceeds the size the reader allows (a guard against a swapped file). */
export class ObjectTooLargeError extends Error {
  constructor() {
    super('object larger than allowed');
    this.name = 'ObjectTooLargeError';
  }
}

/**
 * Encryption in front of a TempStore: every object gets a fresh data key, wrapped by the
 * KeyWrapper; the caller keeps the wrapped key (in the job record), never the store.
 */
export class SealedStore {
  readonly #store: TempStore;
  readonly #keys: KeyWrapper;

  constructor(store: TempStore, keys: KeyWrapper) {
    this.#store = store;
    this.#keys = keys;
  }

  /** Encrypts `plaintext` as it streams into the store; resolves with the wrapped data key. */
  async write(
    ref: ObjectRef,
    plaintext: Readable,
    signal?: AbortSignal,
  ): Promise<{ wrappedKey: string; bytes: number }> {
    const { dataKey, wrapped } = await this.#keys.generate(contextOf(ref));
    try {
      const encrypted = pipeline(plaintext, new EncryptStream(dataKey, contextOf(ref)), () => {
        // Errors reach the consumer (store.put) through the destroyed last stream.
      });
      try {
        const { bytes } = await this.#store.put(ref, encrypted, signal);
        return { wrappedKey: wrapped, bytes };
      } catch (error) {
        // A store that refused before reading must not leave the source (a request) hanging.
        encrypted.destroy();
        plaintext.destroy();
        throw error;
      }
    } finally {
      dataKey.fill(0);
    }
  }

  /** Convenience for small in-memory values such as results. */
  async writeBuffer(ref: ObjectRef, plaintext: Buffer, signal?: AbortSignal) {
    return this.write(ref, Readable.from([plaintext]), signal);
  }

  /**
   * Opens an object as a stream of plaintext, each segment authenticated before it is passed
   * on; `complete()` says, once the stream ended, whether the final segment arrived (a stream
   * that ends without it was truncated: the caller must fail). For copies whose output is
   * discarded on failure, such as joining the chunks of a resumable upload.
   */
  async open(
    ref: ObjectRef,
    wrappedKey: string,
    signal?: AbortSignal,
  ): Promise<{ plaintext: Readable; complete: () => boolean }> {
    const dataKey = await this.#keys.unwrap(wrappedKey, contextOf(ref)).catch((error: unknown) => {
      throw new AeadError('data key cannot be unwrapped', { cause: error });
    });
    try {
      const source = await this.#store.get(ref, signal);
      const decrypt = new DecryptStream(dataKey, contextOf(ref));
      const plaintext = pipeline(source, decrypt, () => undefined);
      // The decipher reads the key for every segment: wipe it once the stream is done.
      plaintext.once('close', () => dataKey.fill(0));
      return { plaintext, complete: () => decrypt.finished };
    } catch (error) {
      dataKey.fill(0);
      throw error;
    }
  }

  /**
   * Reads and authenticates a whole object. Nothing is returned until every segment, including
   * the final one, verified: a parser never sees unverified or truncated plaintext.
   */
  async read(
    ref: ObjectRef,
    wrappedKey: string,
    options: { maxBytes: number; signal?: AbortSignal },
  ): Promise<Buffer> {
    // A key that does not unwrap will never unwrap: permanent, like a failed tag.
    const dataKey = await this.#keys.unwrap(wrappedKey, contextOf(ref)).catch((error: unknown) => {
      throw new AeadError('data key cannot be unwrapped', { cause: error });
    });
    try {
      const source = await this.#store.get(ref, options.signal);
      const decrypt = new DecryptStream(dataKey, contextOf(ref));
      const chunks: Buffer[] = [];
      let total = 0;
      const plaintext = pipeline(source, decrypt, () => undefined);
      for await (const chunk of plaintext as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > options.maxBytes) {
          plaintext.destroy();
          throw new ObjectTooLargeError();
        }
        chunks.push(chunk);
      }
      if (!decrypt.finished) throw new Error('decryption did not complete');
      return Buffer.concat(chunks);
    } finally {
      dataKey.fill(0);
    }
  }
}
