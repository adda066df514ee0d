import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, type LoadOptions } from './load-config.js';

const JWT_SECRET = 'a'.repeat(32);
const MASTER_KEY = randomBytes(32).toString('base64');
const HTTPS_JWKS = 'https://idp.example.com/.well-known/jwks.json';

/** The ConfigError's problems; fails if loadConfig does not throw one. */
function problemsOf(env: Record<string, string>, options?: LoadOptions): readonly string[] {
  try {
    loadConfig(env, options);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    for (const problem of error.problems) assert.ok(error.message.includes(problem));
    return error.problems;
  }
  assert.fail('loadConfig accepted an invalid configuration');
}

function hasProblem(problems: readonly string[], name: string, pattern?: RegExp): boolean {
  return problems.some((p) => p.includes(name) && (pattern === undefined || pattern.test(p)));
}

function assertProblem(problems: readonly string[], name: string, pattern?: RegExp): void {
  assert.ok(
    hasProblem(problems, name, pattern),
    `no problem about ${name}${pattern ? ` matching ${String(pattern)}` : ''} in:\n${problems.join('\n')}`,
  );
}

describe('loadConfig', () => {
  describe('defaults in development', () => {
    it('starts in development mode with ephemeral secrets and documented defaults', () => {
      const config = loadConfig({});
      assert.equal(config.development, true);
      assert.equal(config.http.host, '127.0.0.1');
      assert.equal(config.http.port, 8080);
      assert.equal(config.jobs.ttlSeconds, 3600);
      assert.equal(config.jobs.maxRetries, 3);
      assert.equal(config.store.kind, 'fs');
      assert.equal(config.queue.kind, 'memory');
      assert.equal(config.interpreter, 'local');
      assert.equal(config.auth.kind, 'hs256');
      assert.equal(config.auth.ephemeral, true);
      assert.equal(config.auth.secret.length, 32);
      assert.equal(config.keys.ephemeral, true);
      assert.equal(config.keys.masterKey.length, 32);
    });

    it('generates fresh ephemeral keys for each load', () => {
      const a = loadConfig({});
      const b = loadConfig({});
      assert.ok(a.auth.kind === 'hs256' && b.auth.kind === 'hs256');
      assert.notDeepEqual(a.auth.secret, b.auth.secret);
      assert.notDeepEqual(a.keys.masterKey, b.keys.masterKey);
      assert.notDeepEqual(a.auth.secret, a.keys.masterKey);
    });

    it('uses configured secrets as given', () => {
      const config = loadConfig({ SERENYA_JWT_SECRET: JWT_SECRET, SERENYA_MASTER_KEY: MASTER_KEY });
      assert.ok(config.auth.kind === 'hs256');
      assert.equal(config.auth.ephemeral, false);
      assert.deepEqual(config.auth.secret, Buffer.from(JWT_SECRET));
      assert.equal(config.keys.ephemeral, false);
      assert.deepEqual(config.keys.masterKey, Buffer.from(MASTER_KEY, 'base64'));
    });

    it('converts numeric and boolean variables', () => {
      const config = loadConfig({
        PORT: '9090',
        SERENYA_TTL_SECONDS: '600',
        SERENYA_MAX_RETRIES: '0',
        SERENYA_TRUST_PROXY: 'true',
      });
      assert.equal(config.http.port, 9090);
      assert.equal(config.jobs.ttlSeconds, 600);
      assert.equal(config.jobs.maxRetries, 0);
      assert.equal(config.http.trustProxy, true);
    });
  });

  describe('production', () => {
    it('reports both the missing token secret and the missing master key at once', () => {
      const problems = problemsOf({ NODE_ENV: 'production' });
      assertProblem(problems, 'SERENYA_JWT_SECRET');
      assertProblem(problems, 'SERENYA_MASTER_KEY');
      assert.equal(problems.length, 2);
    });

    it('starts with both secrets, listening on all interfaces', () => {
      const config = loadConfig({
        NODE_ENV: 'production',
        SERENYA_JWT_SECRET: JWT_SECRET,
        SERENYA_MASTER_KEY: MASTER_KEY,
      });
      assert.equal(config.development, false);
      assert.equal(config.http.host, '0.0.0.0');
      assert.ok(config.auth.kind === 'hs256' && !config.auth.ephemeral);
      assert.equal(config.keys.ephemeral, false);
    });

    it('does not require secrets with { requireSecrets: false }', () => {
      const config = loadConfig({ NODE_ENV: 'production' }, { requireSecrets: false });
      assert.equal(config.development, false);
      assert.ok(config.auth.kind === 'hs256' && config.auth.ephemeral);
      assert.equal(config.keys.ephemeral, true);
    });

    it('still rejects invalid values with { requireSecrets: false }', () => {
      const problems = problemsOf(
        { NODE_ENV: 'production', SERENYA_MASTER_KEY: 'short' },
        { requireSecrets: false },
      );
      assertProblem(problems, 'SERENYA_MASTER_KEY');
    });

    it('requires an https JWKS URL', () => {
      const problems = problemsOf({
        NODE_ENV: 'production',
        SERENYA_JWKS_URL: 'http://idp.example.com/jwks.json',
        SERENYA_MASTER_KEY: MASTER_KEY,
      });
      assertProblem(problems, 'SERENYA_JWKS_URL', /https/);
      const config = loadConfig({
        NODE_ENV: 'production',
        SERENYA_JWKS_URL: HTTPS_JWKS,
        SERENYA_JWT_ISSUER: 'https://idp.example.com/',
        SERENYA_JWT_AUDIENCE: 'serenya',
        SERENYA_MASTER_KEY: MASTER_KEY,
      });
      assert.equal(config.auth.kind, 'jwks');
    });
  });

  describe('invalid values', () => {
    it('lists every invalid value in one ConfigError', () => {
      const problems = problemsOf({
        PORT: 'abc',
        SERENYA_TTL_SECONDS: '7200',
        SERENYA_QUEUE: 'kafka',
        SERENYA_MASTER_KEY: 'short',
      });
      assertProblem(problems, 'PORT');
      assertProblem(problems, 'SERENYA_TTL_SECONDS', /3600/);
      assertProblem(problems, 'SERENYA_QUEUE');
      assertProblem(problems, 'SERENYA_MASTER_KEY');
      assert.equal(problems.length, 4);
    });

    it('rejects a JWT secret shorter than 32 bytes', () => {
      const problems = problemsOf({ SERENYA_JWT_SECRET: 'x'.repeat(31) });
      assertProblem(problems, 'SERENYA_JWT_SECRET', /32/);
    });

    it('rejects a master key that is not base64 of exactly 32 bytes', () => {
      for (const value of [
        randomBytes(31).toString('base64'),
        randomBytes(33).toString('base64'),
        // base64url with both URL-safe characters: never valid standard base64.
        '-_' + randomBytes(30).toString('base64').slice(0, 40) + '-_',
        'not base64 at all!!',
      ])
        assertProblem(problemsOf({ SERENYA_MASTER_KEY: value }), 'SERENYA_MASTER_KEY');
    });

    it('rejects a secret and a JWKS URL together', () => {
      const problems = problemsOf({ SERENYA_JWT_SECRET: JWT_SECRET, SERENYA_JWKS_URL: HTTPS_JWKS });
      assertProblem(problems, 'SERENYA_JWT_SECRET', /SERENYA_JWKS_URL/);
    });

    it('rejects a JWKS URL that is not a URL', () => {
      assertProblem(problemsOf({ SERENYA_JWKS_URL: 'not a url' }), 'SERENYA_JWKS_URL');
    });

    it('asks for what the scaled mode needs, all at once', () => {
      const problems = problemsOf({
        SERENYA_STORE: 's3',
        SERENYA_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:111122223333:key/abc',
      });
      assertProblem(problems, 'SERENYA_S3_BUCKET', /required/);
      assertProblem(problems, 'AWS_REGION', /SERENYA_STORE=s3/);
      assertProblem(problems, 'AWS_REGION', /SERENYA_KMS_KEY_ID/);
      assertProblem(problems, 'SERENYA_QUEUE', /must be redis/);
      assert.equal(problems.length, 4);
      assertProblem(problemsOf({ SERENYA_QUEUE: 'redis' }), 'SERENYA_REDIS_URL', /required/);
      assertProblem(
        problemsOf({ SERENYA_QUEUE: 'redis', SERENYA_REDIS_URL: 'http://redis:6379' }),
        'SERENYA_REDIS_URL',
        /redis:\/\//,
      );
      assertProblem(problemsOf({}, { role: 'worker' }), 'SERENYA_QUEUE', /serenya worker/);
    });

    it('configures the scaled mode', () => {
      const config = loadConfig(
        {
          SERENYA_QUEUE: 'redis',
          SERENYA_REDIS_URL: 'redis://127.0.0.1:6379',
          SERENYA_STORE: 's3',
          SERENYA_S3_BUCKET: 'tmp-bucket',
          SERENYA_S3_ENDPOINT: 'http://127.0.0.1:4569',
          SERENYA_KMS_KEY_ID: 'alias/serenya',
          AWS_REGION: 'eu-west-1',
        },
        { role: 'api' },
      );
      assert.deepEqual(config.queue, {
        kind: 'redis',
        url: 'redis://127.0.0.1:6379',
        prefix: 'serenya',
      });
      assert.deepEqual(config.store, {
        kind: 's3',
        bucket: 'tmp-bucket',
        prefix: 'serenya/',
        endpoint: 'http://127.0.0.1:4569',
      });
      assert.equal(config.keys.kmsKeyId, 'alias/serenya');
      assert.equal(config.jobs.stalledIntervalSeconds, 30);
    });

    it('asks for what each provider needs, all at once', () => {
      const problems = problemsOf({
        SERENYA_INTERPRETER: 'claude',
        SERENYA_EXTRACTOR: 'textract',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      });
      assertProblem(problems, 'ANTHROPIC_API_KEY', /SERENYA_INTERPRETER=claude/);
      assertProblem(problems, 'AWS_REGION', /SERENYA_EXTRACTOR=textract/);
      assertProblem(problems, 'AWS_SECRET_ACCESS_KEY', /both or neither/);
      assert.equal(problems.length, 3);
    });

    it('configures providers: model, endpoints, resilience, PHI minimisation on by default', () => {
      const config = loadConfig({
        SERENYA_INTERPRETER: 'comprehend',
        SERENYA_EXTRACTOR: 'textract',
        AWS_DEFAULT_REGION: 'eu-west-1',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
        AWS_ENDPOINT_URL_TEXTRACT: 'http://127.0.0.1:9000',
        SERENYA_PROVIDER_RETRIES: '4',
      });
      assert.equal(config.interpreter, 'comprehend');
      assert.equal(config.extractor, 'textract');
      assert.equal(config.providers.minimisePhi, true);
      assert.equal(config.providers.required, false);
      assert.equal(config.providers.aws.region, 'eu-west-1');
      assert.equal(config.providers.aws.credentials, undefined, 'left to the SDK default chain');
      assert.equal(config.providers.aws.endpoints.textract, 'http://127.0.0.1:9000');
      assert.equal(config.providers.aws.endpoints.comprehendmedical, 'http://127.0.0.1:4566');
      assert.equal(config.providers.resilience.retries, 4);
      assert.equal(config.providers.claude.model, 'claude-sonnet-5-5');
      const local = loadConfig({});
      assert.equal(local.interpreter, 'local');
      assert.equal(local.extractor, 'local');
    });

    it('reports an unknown SERENYA_INTERPRETER once, as invalid, without echoing it', () => {
      const problems = problemsOf({ SERENYA_INTERPRETER: 'canary-interpreter-value' });
      assertProblem(problems, 'SERENYA_INTERPRETER', /one of/);
      assert.equal(problems.length, 1, `more than one problem:\n${problems.join('\n')}`);
      for (const problem of problems) assert.ok(!problem.includes('canary-interpreter-value'));
    });
  });

  describe('secrets never appear in errors', () => {
    const canaries = {
      jwt: 'canary-secret-value-jwt-7f3a',
      master: 'canary-secret-value-master-key-91c2',
      anthropic: 'canary-secret-value-anthropic-5d0e',
      aws: 'canary-secret-value-aws-secret-8b41',
    };

    function errorText(env: Record<string, string>): string {
      try {
        loadConfig(env);
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return [error.message, error.stack ?? '', ...error.problems, JSON.stringify(error)].join(
          '\n',
        );
      }
      assert.fail('loadConfig accepted an invalid configuration');
    }

    function assertNoCanary(text: string): void {
      for (const canary of Object.values(canaries))
        assert.ok(!text.includes(canary), `error text contains ${canary}`);
      assert.ok(!text.includes('canary-secret-value'));
    }

    it('when the secrets themselves are invalid', () => {
      const text = errorText({
        SERENYA_JWT_SECRET: canaries.jwt,
        SERENYA_MASTER_KEY: canaries.master,
      });
      assert.match(text, /SERENYA_JWT_SECRET/);
      assert.match(text, /SERENYA_MASTER_KEY/);
      assertNoCanary(text);
    });

    it('when a secret conflicts with a JWKS URL', () => {
      const text = errorText({
        SERENYA_JWT_SECRET: `${canaries.jwt}-long-enough-to-be-valid`,
        SERENYA_JWKS_URL: HTTPS_JWKS,
      });
      assertNoCanary(text);
    });

    it('when other values are invalid beside valid-looking secrets', () => {
      const text = errorText({
        PORT: 'abc',
        SERENYA_JWT_SECRET: `${canaries.jwt}-long-enough-to-be-valid`,
        SERENYA_INTERPRETER: 'claude',
        ANTHROPIC_API_KEY: canaries.anthropic,
        NODE_ENV: 'production',
      });
      assert.match(text, /PORT/);
      assertNoCanary(text);
    });

    it('when an AWS secret key comes without its key id', () => {
      const text = errorText({ AWS_SECRET_ACCESS_KEY: canaries.aws });
      assert.match(text, /AWS_ACCESS_KEY_ID/);
      assertNoCanary(text);
    });
  });

  describe('JWKS', () => {
    const ISSUED = {
      SERENYA_JWT_ISSUER: 'https://idp.example.com/',
      SERENYA_JWT_AUDIENCE: 'serenya',
    };

    it('defaults to RS256 and ES256', () => {
      const config = loadConfig({ SERENYA_JWKS_URL: HTTPS_JWKS, ...ISSUED });
      assert.ok(config.auth.kind === 'jwks');
      assert.deepEqual(config.auth.algorithms, ['RS256', 'ES256']);
      assert.equal(config.auth.jwksUrl.href, HTTPS_JWKS);
    });

    it('parses a comma-separated algorithm list, trimming spaces and empty entries', () => {
      const config = loadConfig({
        SERENYA_JWKS_URL: HTTPS_JWKS,
        SERENYA_JWT_ALGORITHMS: ' ES384, EdDSA ,,PS256',
        SERENYA_JWT_ISSUER: 'https://idp.example.com/',
        SERENYA_JWT_AUDIENCE: 'serenya',
      });
      assert.ok(config.auth.kind === 'jwks');
      assert.deepEqual(config.auth.algorithms, ['ES384', 'EdDSA', 'PS256']);
      assert.equal(config.auth.issuer, 'https://idp.example.com/');
      assert.equal(config.auth.audience, 'serenya');
    });

    for (const algorithms of ['HS256', 'none', 'RS256,HS256', 'RS256,none', ',']) {
      it(`rejects SERENYA_JWT_ALGORITHMS=${algorithms}`, () => {
        const problems = problemsOf({
          SERENYA_JWKS_URL: HTTPS_JWKS,
          SERENYA_JWT_ALGORITHMS: algorithms,
        });
        assertProblem(problems, 'SERENYA_JWT_ALGORITHMS');
      });
    }

    it('allows an http JWKS URL outside production', () => {
      const config = loadConfig({ SERENYA_JWKS_URL: 'http://localhost:9999/jwks.json', ...ISSUED });
      assert.equal(config.auth.kind, 'jwks');
    });

    it('requires issuer and audience with a JWKS URL (a key set may serve many tenants)', () => {
      const problems = problemsOf({ SERENYA_JWKS_URL: HTTPS_JWKS });
      assertProblem(problems, 'SERENYA_JWT_ISSUER', /required/);
      assertProblem(problems, 'SERENYA_JWT_AUDIENCE', /required/);
      assertProblem(
        problemsOf({ SERENYA_JWKS_URL: HTTPS_JWKS, SERENYA_JWT_ISSUER: 'x' }),
        'SERENYA_JWT_AUDIENCE',
      );
    });
  });

  describe('empty strings count as unset', () => {
    it('falls back to defaults for empty or blank values', () => {
      const config = loadConfig({
        NODE_ENV: '',
        PORT: '',
        SERENYA_TTL_SECONDS: '  ',
        SERENYA_QUEUE: '',
        SERENYA_JWT_SECRET: '',
        SERENYA_JWKS_URL: '',
        SERENYA_MASTER_KEY: '',
        SERENYA_KMS_KEY_ID: '',
        SERENYA_INTERPRETER: '',
      });
      assert.equal(config.development, true);
      assert.equal(config.http.port, 8080);
      assert.equal(config.jobs.ttlSeconds, 3600);
      assert.equal(config.queue.kind, 'memory');
      assert.ok(config.auth.kind === 'hs256' && config.auth.ephemeral);
      assert.equal(config.keys.ephemeral, true);
    });

    it('treats empty secrets in production as missing', () => {
      const problems = problemsOf({
        NODE_ENV: 'production',
        SERENYA_JWT_SECRET: '',
        SERENYA_MASTER_KEY: ' ',
      });
      assertProblem(problems, 'SERENYA_JWT_SECRET', /required/);
      assertProblem(problems, 'SERENYA_MASTER_KEY', /required/);
    });
  });
});
