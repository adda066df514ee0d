// loadConfig: defaults in development, what production requires, and empty values read as unset.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './load-config.js';
import {
  assertProblem,
  HTTPS_JWKS,
  JWT_SECRET,
  MASTER_KEY,
  problemsOf,
} from './load-config.test-helpers.js';

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
