import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { ServiceError } from '../../domain/errors.js';
import type { KeyWrapper } from './key-wrapper.port.js';

const VERSION = 'kms1:';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface KmsKeyWrapperOptions {
  readonly client: KMSClient;
  /** Key id, key ARN, alias name or alias ARN of a symmetric KMS key. */
  readonly keyId: string;
  /** Time allowed for one KMS call; 10 s by default. */
  readonly timeoutMs?: number;
}

/**
 * Data keys from AWS KMS: GenerateDataKey (AES_256) returns a fresh key and its ciphertext
 * blob; Decrypt unwraps it. The context (job id and object kind) is the KMS encryption context
 * `{ serenya: context }`, so a wrapped key cannot be moved to another object. Format:
 * `kms1:<base64 CiphertextBlob>`.
 */
export class KmsKeyWrapper implements KeyWrapper {
  readonly #client: KMSClient;
  readonly #keyId: string;
  readonly #timeoutMs: number;

  constructor(options: KmsKeyWrapperOptions) {
    this.#client = options.client;
    this.#keyId = options.keyId;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  async generate(context: string): Promise<{ dataKey: Buffer; wrapped: string }> {
    const output = await this.#client
      .send(
        new GenerateDataKeyCommand({
          KeyId: this.#keyId,
          KeySpec: 'AES_256',
          EncryptionContext: { serenya: context },
        }),
        { abortSignal: AbortSignal.timeout(this.#timeoutMs) },
      )
      .catch(rethrow);
    const dataKey = take(output.Plaintext);
    const blob = output.CiphertextBlob;
    if (blob === undefined || blob.length === 0) {
      dataKey.fill(0);
      throw malformed('KMS returned no ciphertext blob');
    }
    return { dataKey, wrapped: VERSION + Buffer.from(blob).toString('base64') };
  }

  async unwrap(wrapped: string, context: string): Promise<Buffer> {
    const payload = wrapped.startsWith(VERSION) ? wrapped.slice(VERSION.length) : '';
    const blob = Buffer.from(payload, 'base64');
    // One spelling only: Node's decoder skips stray characters, so re-encode and compare.
    if (!BASE64.test(payload) || blob.toString('base64') !== payload)
      throw malformed('unknown or malformed wrapped key');
    const output = await this.#client
      .send(
        new DecryptCommand({
          CiphertextBlob: blob,
          KeyId: this.#keyId,
          EncryptionContext: { serenya: context },
        }),
        { abortSignal: AbortSignal.timeout(this.#timeoutMs) },
      )
      .catch(rethrow);
    return take(output.Plaintext);
  }
}

/** Copies a 32-byte key out of the SDK's buffer and zeroes that buffer. */
function take(plaintext: Uint8Array | undefined): Buffer {
  if (plaintext?.length !== 32) {
    plaintext?.fill(0);
    throw malformed('KMS returned no 32-byte data key');
  }
  const key = Buffer.from(plaintext);
  plaintext.fill(0);
  return key;
}

function malformed(reason: string): ServiceError {
  return new ServiceError('internal', { retryable: false, cause: new Error(reason) });
}

const TRANSIENT = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'DependencyTimeoutException',
  'KMSInternalException',
  'KeyUnavailableException',
  'TimeoutError',
  'AbortError',
]);

/**
 * Throttling, 5xx and network failures are worth retrying; anything else KMS refused (wrong
 * context or key, disabled key, access denied) will be refused again. The SDK error is kept
 * only as the cause: it never carries key material.
 */
function rethrow(error: unknown): never {
  const name = error instanceof Error ? error.name : '';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (TRANSIENT.has(name) || status === undefined || status >= 500)
    throw new ServiceError('provider_unavailable', { retryable: true, cause: error });
  throw new ServiceError('internal', { retryable: false, cause: error });
}
