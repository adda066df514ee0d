import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** A token with whatever header and payload, and an optional raw signature. */
function unsigned(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signature = '',
) {
  return `${b64url(header)}.${b64url(payload)}.${signature}`;
}

async function hs256(
  secret: string | Uint8Array,
  payload: Record<string, unknown>,
  header: Record<string, unknown> = {},
) {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', ...header }).sign(key);
}

async function status(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; code: string; www: string | null }> {
  const response = await fetch(`${url}/v1/jobs/00000000-0000-4000-8000-000000000000`, { headers });
  const body = (await response.json()) as { code: string };
  return {
    status: response.status,
    code: body.code,
    www: response.headers.get('www-authenticate'),
  };
}

describe('authentication with an HS256 secret: forged and invalid tokens are refused', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ SERENYA_JWT_MAX_AGE_SECONDS: '3600' });
  });
  after(() => t.stop());

  const valid = () => ({ sub: 'user-a', iat: now(), exp: now() + 600 });

  const forged: [string, (secret: string) => Promise<string | undefined> | string | undefined][] = [
    ['no Authorization header', () => undefined],
    ['alg none', () => unsigned({ alg: 'none', typ: 'JWT' }, valid())],
    ['alg None', () => unsigned({ alg: 'None' }, valid())],
    ['alg NONE', () => unsigned({ alg: 'NONE' }, valid())],
    ['alg nOnE with a fake signature', () => unsigned({ alg: 'nOnE' }, valid(), 'AAAA')],
    ['wrong secret', () => hs256('another-secret-that-is-long-enough-to-pass', valid())],
    [
      'HS384 with the right secret (algorithm not allowed)',
      async (secret) =>
        new SignJWT(valid())
          .setProtectedHeader({ alg: 'HS384' })
          .sign(new TextEncoder().encode(secret)),
    ],
    ['expired', (secret) => hs256(secret, { ...valid(), exp: now() - 120 })],
    [
      'not yet valid (nbf in the future)',
      (secret) => hs256(secret, { ...valid(), nbf: now() + 600 }),
    ],
    ['missing exp', (secret) => hs256(secret, { sub: 'user-a', iat: now() })],
    [
      'missing iat (token age unknowable)',
      (secret) => hs256(secret, { sub: 'user-a', exp: now() + 600 }),
    ],
    [
      'older than the maximum token age',
      (secret) => hs256(secret, { sub: 'user-a', iat: now() - 7200, exp: now() + 600 }),
    ],
    ['missing sub', (secret) => hs256(secret, { iat: now(), exp: now() + 600 })],
    ['empty sub', (secret) => hs256(secret, { ...valid(), sub: '' })],
    ['numeric sub', (secret) => hs256(secret, { ...valid(), sub: 12345 })],
    [
      'payload tampered after signing',
      async (secret) => {
        const [h, , s] = (await hs256(secret, valid())).split('.');
        return `${h}.${b64url({ ...valid(), sub: 'user-b' })}.${s}`;
      },
    ],
    [
      'signature stripped',
      async (secret) => `${(await hs256(secret, valid())).split('.').slice(0, 2).join('.')}.`,
    ],
    ['not a JWT', () => 'not-a-token'],
    ['two segments only', () => 'abc.def'],
    [
      'crit header with an unknown extension, correctly signed',
      (secret) => {
        const signingInput = `${b64url({ alg: 'HS256', crit: ['x-unknown'], 'x-unknown': 1 })}.${b64url(valid())}`;
        const signature = createHmac('sha256', secret).update(signingInput).digest('base64url');
        return `${signingInput}.${signature}`;
      },
    ],
  ];

  for (const [name, make] of forged) {
    test(`${name} → 401 unauthorized`, async () => {
      const token = await make(t.secret);
      const headers: Record<string, string> =
        token === undefined ? {} : { authorization: `Bearer ${token}` };
      const result = await status(t.url, headers);
      assert.equal(result.status, 401);
      assert.equal(result.code, 'unauthorized');
      assert.match(result.www ?? '', /^Bearer /);
    });
  }

  test('Basic scheme instead of Bearer → 401', async () => {
    const result = await status(t.url, {
      authorization: `Basic ${Buffer.from('a:b').toString('base64')}`,
    });
    assert.equal(result.status, 401);
  });

  test('token in the query string only → 401, and refused even beside a valid header', async () => {
    const token = await t.token();
    const url = `${t.url}/v1/jobs/00000000-0000-4000-8000-000000000000`;
    const onlyQuery = await fetch(`${url}?access_token=${token}`);
    assert.equal(onlyQuery.status, 401);
    const both = await fetch(`${url}?access_token=${token}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(both.status, 401);
    assert.match(((await both.json()) as { detail: string }).detail, /Authorization header/);
  });

  test('a valid token passes (control): unknown job → 404, not 401', async () => {
    const result = await status(t.url, {
      authorization: `Bearer ${await hs256(t.secret, valid())}`,
    });
    assert.equal(result.status, 404);
    assert.equal(result.code, 'not_found');
  });

  test('"bearer" in lower case is accepted (RFC 6750 scheme is case-insensitive)', async () => {
    const result = await status(t.url, { authorization: `bearer ${await t.token()}` });
    assert.equal(result.status, 404);
  });

  test('health, readiness, metrics and the OpenAPI document need no token', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json']) {
      const response = await fetch(`${t.url}${path}`);
      assert.equal(response.status, 200, path);
    }
  });
});

describe('authentication with a JWKS URL (RS256/ES256), issuer and audience', () => {
  let t: TestApp;
  let jwks: Server;
  let rsa: { privateKey: CryptoKey; publicKey: CryptoKey };
  let ec: { privateKey: CryptoKey; publicKey: CryptoKey };
  let other: { privateKey: CryptoKey; publicKey: CryptoKey };
  let rsaPem: string;
  let fetches = 0;

  before(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true });
    ec = await generateKeyPair('ES256', { extractable: true });
    other = await generateKeyPair('RS256', { extractable: true });
    rsaPem = await exportSPKI(rsa.publicKey);
    const keys: JWK[] = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    jwks = createServer((_req, res) => {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    t = await startTestApp({
      SERENYA_JWT_SECRET: '',
      SERENYA_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      SERENYA_JWT_ISSUER: 'https://id.example.test/',
      SERENYA_JWT_AUDIENCE: 'serenya-api',
    });
  });
  after(async () => {
    await t.stop();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const claims = () => ({ sub: 'user-a', iss: 'https://id.example.test/', aud: 'serenya-api' });
  const sign = (
    key: CryptoKey,
    alg: string,
    kid: string,
    payload: Record<string, unknown> = claims(),
  ) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg, kid })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);

  test('RS256 and ES256 tokens from the provider pass (control)', async () => {
    assert.equal(
      (
        await status(t.url, {
          authorization: `Bearer ${await sign(rsa.privateKey, 'RS256', 'rsa-1')}`,
        })
      ).status,
      404,
    );
    assert.equal(
      (
        await status(t.url, {
          authorization: `Bearer ${await sign(ec.privateKey, 'ES256', 'ec-1')}`,
        })
      ).status,
      404,
    );
    assert.ok(fetches >= 1, 'the key set was fetched from the JWKS URL');
  });

  const refused: [string, () => Promise<string>][] = [
    [
      'HS256 signed with the RSA public key as secret (key confusion)',
      () =>
        hs256(
          new TextEncoder().encode(rsaPem),
          { ...claims(), iat: now(), exp: now() + 600 },
          { kid: 'rsa-1' },
        ),
    ],
    ['RS256 signed by a key not in the set', () => sign(other.privateKey, 'RS256', 'rsa-1')],
    [
      'wrong issuer',
      () =>
        sign(rsa.privateKey, 'RS256', 'rsa-1', { ...claims(), iss: 'https://evil.example.test/' }),
    ],
    [
      'wrong audience',
      () => sign(rsa.privateKey, 'RS256', 'rsa-1', { ...claims(), aud: 'another-api' }),
    ],
    [
      'no audience',
      () =>
        sign(rsa.privateKey, 'RS256', 'rsa-1', { sub: 'user-a', iss: 'https://id.example.test/' }),
    ],
    [
      'alg none with a known kid',
      async () =>
        unsigned({ alg: 'none', kid: 'rsa-1' }, { ...claims(), iat: now(), exp: now() + 600 }),
    ],
    ['kid that does not exist', () => sign(rsa.privateKey, 'RS256', 'no-such-key')],
    ['ES256 signature presented as RS256 key id', () => sign(ec.privateKey, 'ES256', 'rsa-1')],
    [
      'embedded jwk header with the attacker key',
      async () => {
        const jwk = await exportJWK(other.publicKey);
        return new SignJWT({ ...claims() })
          .setProtectedHeader({ alg: 'RS256', jwk })
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(other.privateKey);
      },
    ],
    [
      'jku header pointing elsewhere',
      () =>
        new SignJWT({ ...claims() })
          .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1', jku: 'http://127.0.0.1:1/evil.json' })
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(other.privateKey),
    ],
  ];

  for (const [name, make] of refused) {
    test(`${name} → 401`, async () => {
      const result = await status(t.url, { authorization: `Bearer ${await make()}` });
      assert.equal(result.status, 401);
      assert.equal(result.code, 'unauthorized');
    });
  }
});
