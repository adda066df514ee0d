import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { KeyWrapper } from './key-wrapper.port.js';

const VERSION = 'mk1';

/** Derives a purpose-bound subkey so the master key itself is never used twice. */
export function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `serenya/${purpose}`, 32));
}

/**
 * Wraps data keys with AES-256-GCM under a key derived from SERENYA_MASTER_KEY. The context
 * (job id and object kind) is the AAD, so a wrapped key cannot be moved to another object.
 * Format: mk1.<key id>.<base64url(nonce ‖ wrapped key ‖ tag)>; the key id names the master key
 * for rotation without revealing it.
 */
export class MasterKeyWrapper implements KeyWrapper {
  readonly #kek: Buffer;
  readonly #keyId: string;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
    this.#kek = deriveKey(masterKey, 'key-wrap');
    this.#keyId = createHmac('sha256', masterKey)
      .update('serenya/key-id')
      .digest('hex')
      .slice(0, 8);
  }

  async generate(context: string): Promise<{ dataKey: Buffer; wrapped: string }> {
    const dataKey = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#kek, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
    const wrapped = `${VERSION}.${this.#keyId}.${Buffer.concat([iv, body]).toString('base64url')}`;
    return { dataKey, wrapped };
  }

  async unwrap(wrapped: string, context: string): Promise<Buffer> {
    const parts = wrapped.split('.');
    const [version, keyId, payload] = parts;
    if (parts.length !== 3 || version !== VERSION || payload === undefined)
      throw new Error('unknown wrapped key format');
    if (keyId !== this.#keyId) throw new Error('data key was wrapped by another master key');
    const raw = Buffer.from(payload, 'base64url');
    // One spelling only: Node's decoder skips stray characters, so re-encode and compare.
    if (raw.length !== 12 + 32 + 16 || raw.toString('base64url') !== payload)
      throw new Error('malformed wrapped key');
    const decipher = createDecipheriv('aes-256-gcm', this.#kek, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(44));
    return Buffer.concat([decipher.update(raw.subarray(12, 44)), decipher.final()]);
  }
}
