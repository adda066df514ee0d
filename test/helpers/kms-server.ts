import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  startAwsJsonServer,
  TEST_REGION,
  type AwsCall,
  type AwsReply,
} from './providers/aws-json-server.js';

const ACCOUNT = '111122223333';
const BLOB_VERSION = 1;

/** A local KMS that really encrypts: every key has its own random 256-bit master key. */
export interface FakeKms {
  readonly url: string;
  /** Every verified request, in order (bodies as the client sent them). */
  readonly calls: AwsCall[];
  /** Every reply body sent, in order, as JSON text. */
  readonly replies: string[];
  /** Creates a symmetric key (optionally with an alias) and returns its key ARN. */
  createKey(alias?: string): string;
  /** Answers the next `count` requests with ThrottlingException (400). */
  throttle(count: number): void;
  /** Answers the next `count` requests with `reply` (for 5xx, hangs, dropped connections). */
  failNext(count: number, reply: AwsReply): void;
  close(): Promise<void>;
}

/**
 * Starts a fake AWS KMS (JSON 1.1, `TrentService.*`, SigV4-verified) implementing
 * GenerateDataKey and Decrypt as the KMS API reference documents them. A CiphertextBlob is
 * version ‖ key id ‖ nonce ‖ AES-256-GCM(data key) ‖ tag, with the key id and the encryption
 * context as AAD: Decrypt fails with InvalidCiphertextException for another context or a tampered
 * blob, and IncorrectKeyException when the request names another key than the blob's.
 */
export async function startKms(): Promise<FakeKms> {
  const keys = new Map<string, Buffer>();
  const aliases = new Map<string, string>();
  const replies: string[] = [];
  const failures: AwsReply[] = [];
  const arn = (id: string) => `arn:aws:kms:${TEST_REGION}:${ACCOUNT}:key/${id}`;
  const materialId = (id: string) => createHash('sha256').update(id).digest('hex');
  const resolve = (keyId: unknown): string | undefined => {
    if (typeof keyId !== 'string') return undefined;
    const alias = /^(?:arn:aws:kms:[^:]+:\d{12}:)?(alias\/.+)$/.exec(keyId)?.[1];
    const id =
      alias === undefined
        ? keyId.replace(/^arn:aws:kms:[^:]+:\d{12}:key\//, '')
        : aliases.get(alias);
    return id !== undefined && keys.has(id) ? id : undefined;
  };
  const reply = (body: Record<string, unknown>): AwsReply => {
    replies.push(JSON.stringify(body));
    return { body };
  };

  const handler = (call: AwsCall): AwsReply => {
    const failure = failures.shift();
    if (failure !== undefined) return failure;
    const { body } = call;
    const context = canonicalContext(body.EncryptionContext);
    if (context === undefined) return { error: 'ValidationException', status: 400 };
    if (call.operation === 'GenerateDataKey') {
      const id = resolve(body.KeyId);
      if (id === undefined) return { error: 'NotFoundException', status: 400 };
      if (body.KeySpec !== 'AES_256') return { error: 'ValidationException', status: 400 };
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const header = Buffer.concat([Buffer.from([BLOB_VERSION]), Buffer.from(id, 'ascii'), iv]);
      const cipher = createCipheriv('aes-256-gcm', keys.get(id)!, iv);
      cipher.setAAD(Buffer.concat([header, context]));
      const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return reply({
        CiphertextBlob: Buffer.concat([header, sealed]).toString('base64'),
        Plaintext: plaintext.toString('base64'),
        KeyId: arn(id),
        KeyMaterialId: materialId(id),
      });
    }
    if (call.operation === 'Decrypt') {
      const blob = Buffer.from(
        typeof body.CiphertextBlob === 'string' ? body.CiphertextBlob : '',
        'base64',
      );
      const id = blob.subarray(1, 37).toString('ascii');
      const master = keys.get(id);
      if (blob[0] !== BLOB_VERSION || blob.length !== 1 + 36 + 12 + 32 + 16 || master === undefined)
        return { error: 'InvalidCiphertextException', status: 400 };
      if (body.KeyId !== undefined && resolve(body.KeyId) !== id)
        return { error: 'IncorrectKeyException', status: 400 };
      try {
        const decipher = createDecipheriv('aes-256-gcm', master, blob.subarray(37, 49));
        decipher.setAAD(Buffer.concat([blob.subarray(0, 49), context]));
        decipher.setAuthTag(blob.subarray(81));
        const plaintext = Buffer.concat([decipher.update(blob.subarray(49, 81)), decipher.final()]);
        return reply({
          KeyId: arn(id),
          Plaintext: plaintext.toString('base64'),
          EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
          KeyMaterialId: materialId(id),
        });
      } catch {
        return { error: 'InvalidCiphertextException', status: 400 };
      }
    }
    return { error: 'UnknownOperationException', status: 400 };
  };

  const failNext = (count: number, failure: AwsReply): void => {
    for (let i = 0; i < count; i++) failures.push(failure);
  };
  const server = await startAwsJsonServer({ service: 'kms', handler });
  return {
    url: server.url,
    calls: server.calls,
    replies,
    createKey(alias) {
      const id = randomUUID();
      keys.set(id, randomBytes(32));
      if (alias !== undefined) aliases.set(alias, id);
      return arn(id);
    },
    throttle(count) {
      failNext(count, { error: 'ThrottlingException', status: 400 });
    },
    failNext,
    close: () => server.close(),
  };
}

/** The encryption context as AAD: a string map, sorted by key, so key order does not matter. */
function canonicalContext(context: unknown): Buffer | undefined {
  if (context === undefined) return Buffer.alloc(0);
  if (typeof context !== 'object' || context === null) return undefined;
  const entries = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.some(([, value]) => typeof value !== 'string')) return undefined;
  return Buffer.from(JSON.stringify(entries), 'utf8');
}
