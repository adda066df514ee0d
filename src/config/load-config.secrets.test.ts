// loadConfig: secret values never appear in a ConfigError (message, stack, problems or JSON).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './load-config.js';
import { HTTPS_JWKS } from './load-config.test-helpers.js';

describe('loadConfig', () => {
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
});
