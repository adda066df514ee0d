import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KMSClient } from '@aws-sdk/client-kms';
import { startKms, type FakeKms } from '../../../test/helpers/kms-server.js';
import { TEST_CREDENTIALS, TEST_REGION } from '../../../test/helpers/providers/aws-json-server.js';
import { ServiceError } from '../../domain/errors.js';
import { KmsKeyWrapper } from './kms.wrapper.js';

const CONTEXT =
  'serenya/v1/0123456789abcdef0123456789abcdef/1b4e28ba-2fa1-41d2-883f-0016d3cca427/input';

let kms: FakeKms;
let client: KMSClient;

before(async () => {
  kms = await startKms();
  client = new KMSClient({
    endpoint: kms.url,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
});

after(async () => {
  client.destroy();
  await kms.close();
});

function wrapper(keyId = kms.createKey(), timeoutMs?: number): KmsKeyWrapper {
  return new KmsKeyWrapper({ client, keyId, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
}

/** The rejection is a ServiceError with this code and retryability whose cause is `cause`. */
async function rejectsWith(
  promise: Promise<unknown>,
  expected: { code: string; retryable: boolean; cause?: string },
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ServiceError);
    assert.deepEqual(
      { code: error.code, retryable: error.retryable, message: error.message },
      { code: expected.code, retryable: expected.retryable, message: expected.code },
    );
    if (expected.cause !== undefined) assert.equal((error.cause as Error).name, expected.cause);
    return true;
  });
}

describe('KmsKeyWrapper', () => {
  test('generate → unwrap returns the same 32-byte data key, also from another instance', async () => {
    const keyId = kms.createKey();
    const { dataKey, wrapped } = await wrapper(keyId).generate(CONTEXT);
    assert.equal(dataKey.length, 32);
    assert.match(wrapped, /^kms1:[A-Za-z0-9+/]+={0,2}$/);
    assert.ok((await wrapper(keyId).unwrap(wrapped, CONTEXT)).equals(dataKey));
  });

  test('works with an alias as the key id', async () => {
    kms.createKey('alias/serenya-test');
    const aliased = wrapper('alias/serenya-test');
    const { dataKey, wrapped } = await aliased.generate(CONTEXT);
    assert.ok((await aliased.unwrap(wrapped, CONTEXT)).equals(dataKey));
  });

  test('every generate makes a fresh data key and blob', async () => {
    const keys = wrapper();
    const a = await keys.generate(CONTEXT);
    const b = await keys.generate(CONTEXT);
    assert.equal(a.dataKey.equals(b.dataKey), false);
    assert.notEqual(a.wrapped, b.wrapped);
  });

  test('KMS gets the key id, AES_256 and the context as encryption context; no plaintext is sent', async () => {
    const keyId = kms.createKey();
    const first = kms.calls.length;
    const { dataKey, wrapped } = await wrapper(keyId).generate(CONTEXT);
    await wrapper(keyId).unwrap(wrapped, CONTEXT);
    const [generate, decrypt, ...rest] = kms.calls.slice(first);
    assert.deepEqual(rest, []);
    assert.equal(generate?.headers['x-amz-target'], 'TrentService.GenerateDataKey');
    assert.deepEqual(generate.body, {
      KeyId: keyId,
      KeySpec: 'AES_256',
      EncryptionContext: { serenya: CONTEXT },
    });
    assert.equal(decrypt?.headers['x-amz-target'], 'TrentService.Decrypt');
    assert.deepEqual(decrypt.body, {
      CiphertextBlob: wrapped.slice('kms1:'.length),
      KeyId: keyId,
      EncryptionContext: { serenya: CONTEXT },
    });
    for (const sent of [generate, decrypt, wrapped]) {
      const text = typeof sent === 'string' ? sent : sent.rawBody + JSON.stringify(sent.headers);
      for (const encoding of ['base64', 'base64url', 'hex'] as const)
        assert.equal(text.includes(dataKey.toString(encoding)), false, `key in ${encoding}`);
    }
    // The plaintext key travels only in KMS's answers, never in what the client sends.
    assert.ok(kms.replies.some((reply) => reply.includes(dataKey.toString('base64'))));
  });

  test('unwrapping with another context fails, not retryably', async () => {
    const keys = wrapper();
    const { wrapped } = await keys.generate(CONTEXT);
    for (const context of [CONTEXT.replace(/input$/, 'result'), `${CONTEXT} `, ''])
      await rejectsWith(keys.unwrap(wrapped, context), {
        code: 'internal',
        retryable: false,
        cause: 'InvalidCiphertextException',
      });
  });

  test('a blob made under another key fails, as does a tampered blob', async () => {
    const { wrapped } = await wrapper().generate(CONTEXT);
    await rejectsWith(wrapper().unwrap(wrapped, CONTEXT), {
      code: 'internal',
      retryable: false,
      cause: 'IncorrectKeyException',
    });
    const keys = wrapper();
    const blob = Buffer.from((await keys.generate(CONTEXT)).wrapped.slice(5), 'base64');
    blob[60] = (blob[60] ?? 0) ^ 1;
    await rejectsWith(keys.unwrap(`kms1:${blob.toString('base64')}`, CONTEXT), {
      code: 'internal',
      retryable: false,
      cause: 'InvalidCiphertextException',
    });
  });

  test('malformed or foreign wrapped keys fail without calling KMS', async () => {
    const keys = wrapper();
    const { wrapped } = await keys.generate(CONTEXT);
    const first = kms.calls.length;
    const payload = wrapped.slice(5);
    for (const value of [
      '',
      'kms1:',
      'kms2:' + payload,
      'mk1.0a1b2c3d.AAAA',
      `kms1:${payload}!`,
      `kms1: ${payload}`,
      `KMS1:${payload}`,
      `kms1:${payload.replace(/=+$/, '')}`,
    ]) {
      if (value === wrapped) continue;
      await rejectsWith(keys.unwrap(value, CONTEXT), { code: 'internal', retryable: false });
    }
    assert.equal(kms.calls.length, first);
  });

  test('throttling, KMS 5xx, a dropped connection and a timeout are retryable', async () => {
    const keys = wrapper(kms.createKey(), 300);
    const { wrapped } = await keys.generate(CONTEXT);
    kms.throttle(2);
    await rejectsWith(keys.generate(CONTEXT), {
      code: 'provider_unavailable',
      retryable: true,
      cause: 'ThrottlingException',
    });
    await rejectsWith(keys.unwrap(wrapped, CONTEXT), {
      code: 'provider_unavailable',
      retryable: true,
      cause: 'ThrottlingException',
    });
    for (const failure of [
      { error: 'KMSInternalException', status: 500 },
      { error: 'DependencyTimeoutException', status: 503 },
      { destroy: true as const },
      { hang: true as const },
    ]) {
      kms.failNext(1, failure);
      await rejectsWith(keys.unwrap(wrapped, CONTEXT), {
        code: 'provider_unavailable',
        retryable: true,
      });
    }
    // And once KMS is back, the same wrapped key unwraps.
    assert.equal((await keys.unwrap(wrapped, CONTEXT)).length, 32);
  });

  test('an unknown key id is a permanent failure', async () => {
    await rejectsWith(wrapper('arn:aws:kms:us-east-1:111122223333:key/unknown').generate(CONTEXT), {
      code: 'internal',
      retryable: false,
      cause: 'NotFoundException',
    });
  });
});
