// loadConfig: invalid values, and what the scaled mode and each provider need.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { loadConfig } from './load-config.js';
import { assertProblem, HTTPS_JWKS, JWT_SECRET, problemsOf } from './load-config.test-helpers.js';

describe('loadConfig', () => {
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
});
