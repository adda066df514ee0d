import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { MasterKeyWrapper, deriveKey } from './master-key.wrapper.js';

const CONTEXT =
  'serenya/v1/0123456789abcdef0123456789abcdef/1b4e28ba-2fa1-41d2-883f-0016d3cca427/input';
const FORMAT = /^mk1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$/;

function parts(wrapped: string): { version: string; keyId: string; raw: Buffer } {
  const [version = '', keyId = '', payload = ''] = wrapped.split('.');
  return { version, keyId, raw: Buffer.from(payload, 'base64url') };
}

function withPayload(wrapped: string, raw: Buffer): string {
  const { version, keyId } = parts(wrapped);
  return `${version}.${keyId}.${raw.toString('base64url')}`;
}

describe('MasterKeyWrapper', () => {
  test('generate → unwrap returns the same 32-byte data key', async () => {
    const wrapper = new MasterKeyWrapper(randomBytes(32));
    const { dataKey, wrapped } = await wrapper.generate(CONTEXT);
    assert.equal(dataKey.length, 32);
    const unwrapped = await wrapper.unwrap(wrapped, CONTEXT);
    assert.ok(unwrapped.equals(dataKey));
  });

  test('another wrapper instance built from the same master key unwraps it too', async () => {
    const master = randomBytes(32);
    const { dataKey, wrapped } = await new MasterKeyWrapper(master).generate(CONTEXT);
    const unwrapped = await new MasterKeyWrapper(Buffer.from(master)).unwrap(wrapped, CONTEXT);
    assert.ok(unwrapped.equals(dataKey));
  });

  test('the wrapped form is mk1.<8 hex key id>.<base64url of nonce, key and tag>', async () => {
    const wrapper = new MasterKeyWrapper(randomBytes(32));
    const { dataKey, wrapped } = await wrapper.generate(CONTEXT);
    assert.match(wrapped, FORMAT);
    const { raw } = parts(wrapped);
    assert.equal(raw.length, 12 + 32 + 16);
    assert.equal(raw.includes(dataKey), false, 'the data key must not appear in clear');
    assert.equal(wrapped.includes(dataKey.toString('base64url')), false);
    assert.equal(wrapped.includes(dataKey.toString('hex')), false);
    assert.equal(wrapped.includes(CONTEXT), false, 'the context is AAD, not carried');
  });

  test('every generate makes a fresh data key and a fresh wrapping', async () => {
    const wrapper = new MasterKeyWrapper(randomBytes(32));
    const a = await wrapper.generate(CONTEXT);
    const b = await wrapper.generate(CONTEXT);
    assert.equal(a.dataKey.equals(b.dataKey), false);
    assert.notEqual(a.wrapped, b.wrapped);
    assert.notDeepEqual(parts(a.wrapped).raw.subarray(0, 12), parts(b.wrapped).raw.subarray(0, 12));
  });

  test('the key id is stable per master key, differs across master keys, and is not the key', async () => {
    const master = randomBytes(32);
    const a = parts((await new MasterKeyWrapper(master).generate(CONTEXT)).wrapped).keyId;
    const b = parts((await new MasterKeyWrapper(master).generate('other')).wrapped).keyId;
    const c = parts((await new MasterKeyWrapper(randomBytes(32)).generate(CONTEXT)).wrapped).keyId;
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.equal(master.toString('hex').includes(a), false);
  });

  test('unwrapping with another context fails', async () => {
    const wrapper = new MasterKeyWrapper(randomBytes(32));
    const { wrapped } = await wrapper.generate(CONTEXT);
    for (const context of [
      CONTEXT.replace(/input$/, 'result'),
      CONTEXT.replace('1b4e28ba', '2b4e28ba'),
      `${CONTEXT} `,
      '',
    ]) {
      await assert.rejects(wrapper.unwrap(wrapped, context), Error, `context ${context}`);
    }
  });

  test('unwrapping with a different master key fails', async () => {
    const { wrapped } = await new MasterKeyWrapper(randomBytes(32)).generate(CONTEXT);
    await assert.rejects(new MasterKeyWrapper(randomBytes(32)).unwrap(wrapped, CONTEXT), {
      message: /another master key/,
    });
  });

  test('a different master key fails even when the key id is forged to match it', async () => {
    const victim = new MasterKeyWrapper(randomBytes(32));
    const attacker = new MasterKeyWrapper(randomBytes(32));
    const { wrapped } = await attacker.generate(CONTEXT);
    const victimId = parts((await victim.generate(CONTEXT)).wrapped).keyId;
    const forged = `mk1.${victimId}.${wrapped.split('.')[2] ?? ''}`;
    await assert.rejects(victim.unwrap(forged, CONTEXT));
  });

  test('a flipped bit anywhere in the nonce, wrapped key or tag fails', async () => {
    const wrapper = new MasterKeyWrapper(randomBytes(32));
    const { wrapped } = await wrapper.generate(CONTEXT);
    const { raw } = parts(wrapped);
    for (let offset = 0; offset < raw.length; offset++) {
      const tampered = Buffer.from(raw);
      tampered[offset] = (tampered[offset] ?? 0) ^ 0x01;
      await assert.rejects(
        wrapper.unwrap(withPayload(wrapped, tampered), CONTEXT),
        `offset ${offset}`,
      );
    }
  });

  test('a tampered key id or version fails', async () => {
    const wrapper = new MasterKeyWrapper(randomBytes(32));
    const { wrapped } = await wrapper.generate(CONTEXT);
    const { keyId } = parts(wrapped);
    const otherId = keyId.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    await assert.rejects(wrapper.unwrap(wrapped.replace(keyId, otherId), CONTEXT));
    await assert.rejects(wrapper.unwrap(wrapped.replace(/^mk1/, 'mk2'), CONTEXT));
    await assert.rejects(wrapper.unwrap(wrapped.replace(/^mk1/, 'MK1'), CONTEXT));
  });

  test('malformed wrapped keys fail', async () => {
    const wrapper = new MasterKeyWrapper(randomBytes(32));
    const { wrapped } = await wrapper.generate(CONTEXT);
    const { keyId, raw } = parts(wrapped);
    const malformed = [
      '',
      'mk1',
      `mk1.${keyId}`,
      `mk1.${keyId}.`,
      `mk1..${raw.toString('base64url')}`,
      `.${keyId}.${raw.toString('base64url')}`,
      withPayload(wrapped, raw.subarray(0, raw.length - 1)),
      withPayload(wrapped, Buffer.concat([raw, Buffer.from([0])])),
      withPayload(wrapped, raw.subarray(0, 44)),
      'not a wrapped key at all',
    ];
    for (const value of malformed) {
      await assert.rejects(wrapper.unwrap(value, CONTEXT), Error, JSON.stringify(value));
    }
  });

  // Buffer.from(…, 'base64url') skips characters outside the alphabet: without a canonical
  // check several spellings of one wrapped key would be accepted.
  test('non-canonical spellings (extra part, stray characters, padding) fail as malformed', async () => {
    const wrapper = new MasterKeyWrapper(randomBytes(32));
    const { wrapped } = await wrapper.generate(CONTEXT);
    const [version, keyId, payload = ''] = wrapped.split('.');
    const variants = [
      `${wrapped}.extra`,
      `${wrapped}!`,
      `${wrapped}==`,
      `${version ?? ''}.${keyId ?? ''}.${payload.slice(0, 10)} ${payload.slice(10)}`,
    ];
    for (const value of variants) {
      await assert.rejects(wrapper.unwrap(value, CONTEXT), Error, JSON.stringify(value));
    }
  });

  test('the master key must be exactly 32 bytes', () => {
    for (const length of [0, 16, 31, 33, 64]) {
      assert.throws(() => new MasterKeyWrapper(randomBytes(length)), /32 bytes/);
    }
  });
});

describe('deriveKey', () => {
  test('is deterministic, 32 bytes, and differs by purpose and by master key', () => {
    const master = randomBytes(32);
    const a = deriveKey(master, 'key-wrap');
    assert.equal(a.length, 32);
    assert.ok(a.equals(deriveKey(Buffer.from(master), 'key-wrap')));
    assert.equal(a.equals(deriveKey(master, 'owner-hash')), false);
    assert.equal(a.equals(deriveKey(randomBytes(32), 'key-wrap')), false);
    assert.equal(a.equals(master), false, 'the master key itself is never used as a subkey');
  });
});
