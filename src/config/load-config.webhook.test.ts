// loadConfig: the completion webhook (URL scheme, secret, allowed CIDRs, retry settings).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './load-config.js';
import { assertProblem, JWT_SECRET, MASTER_KEY, problemsOf } from './load-config.test-helpers.js';

const SECRET = 'w'.repeat(32);
const URL_HTTPS = 'https://relay.example.com/hooks/serenya';
const PRODUCTION = {
  NODE_ENV: 'production',
  SERENYA_JWT_SECRET: JWT_SECRET,
  SERENYA_MASTER_KEY: MASTER_KEY,
};

describe('loadConfig', () => {
  describe('completion webhook', () => {
    it('is off by default', () => {
      assert.equal(loadConfig({}).webhook, undefined);
    });

    it('reads URL, secret, allowed CIDRs and documented retry defaults', () => {
      const { webhook } = loadConfig({
        ...PRODUCTION,
        SERENYA_WEBHOOK_URL: URL_HTTPS,
        SERENYA_WEBHOOK_SECRET: SECRET,
        SERENYA_WEBHOOK_ALLOWED_CIDRS: ' 10.0.0.0/8, ,FD12:0::/16,127.0.0.1/32 ',
      });
      assert.ok(webhook !== undefined);
      assert.equal(webhook.url.href, URL_HTTPS);
      assert.deepEqual(webhook.secret, Buffer.from(SECRET));
      assert.deepEqual(webhook.allowedCidrs, ['10.0.0.0/8', 'fd12::/16', '127.0.0.1/32']);
      assert.equal(webhook.maxAttempts, 5);
      assert.equal(webhook.retryBaseDelayMs, 1000);
      assert.equal(webhook.timeoutMs, 5000);
    });

    it('reads the retry settings', () => {
      const { webhook } = loadConfig({
        SERENYA_WEBHOOK_URL: URL_HTTPS,
        SERENYA_WEBHOOK_SECRET: SECRET,
        SERENYA_WEBHOOK_MAX_ATTEMPTS: '3',
        SERENYA_WEBHOOK_RETRY_BASE_DELAY_MS: '250',
        SERENYA_WEBHOOK_TIMEOUT_MS: '1500',
      });
      assert.equal(webhook?.maxAttempts, 3);
      assert.equal(webhook.retryBaseDelayMs, 250);
      assert.equal(webhook.timeoutMs, 1500);
      assertProblem(
        problemsOf({ SERENYA_WEBHOOK_MAX_ATTEMPTS: '0' }),
        'SERENYA_WEBHOOK_MAX_ATTEMPTS',
        /integer from 1 to 20/,
      );
    });

    it('allows http outside production only', () => {
      const url = 'http://127.0.0.1:9999/hook';
      const env = { SERENYA_WEBHOOK_URL: url, SERENYA_WEBHOOK_SECRET: SECRET };
      assert.equal(loadConfig(env).webhook?.url.href, url);
      assertProblem(problemsOf({ ...PRODUCTION, ...env }), 'SERENYA_WEBHOOK_URL', /https/);
    });

    it('refuses other schemes and non-URLs', () => {
      for (const url of ['ftp://relay.example.com/hook', 'relay.example.com/hook'])
        assertProblem(
          problemsOf({ SERENYA_WEBHOOK_URL: url, SERENYA_WEBHOOK_SECRET: SECRET }),
          'SERENYA_WEBHOOK_URL',
        );
    });

    it('requires a secret of at least 32 bytes with the URL', () => {
      assertProblem(
        problemsOf({ SERENYA_WEBHOOK_URL: URL_HTTPS }),
        'SERENYA_WEBHOOK_SECRET',
        /required/,
      );
      assertProblem(
        problemsOf({ SERENYA_WEBHOOK_URL: URL_HTTPS, SERENYA_WEBHOOK_SECRET: 'x'.repeat(31) }),
        'SERENYA_WEBHOOK_SECRET',
        /at least 32 bytes/,
      );
    });

    for (const cidrs of [
      '10.0.0.0',
      '10.0.0.0/33',
      '10.1/8',
      'fd00::/129',
      'localhost/8',
      '10.0.0.0/8,x',
    ])
      it(`refuses SERENYA_WEBHOOK_ALLOWED_CIDRS=${cidrs}`, () => {
        assertProblem(
          problemsOf({ SERENYA_WEBHOOK_ALLOWED_CIDRS: cidrs }),
          'SERENYA_WEBHOOK_ALLOWED_CIDRS',
        );
      });

    it('never prints the secret or the URL in an error', () => {
      const canary = 'canary-webhook-secret-4e1f';
      const urlCanary = 'canary-webhook-url-token-9a7c';
      for (const env of [
        {
          SERENYA_WEBHOOK_URL: `https://relay.example.com/${urlCanary}`,
          SERENYA_WEBHOOK_SECRET: canary,
        },
        {
          ...PRODUCTION,
          SERENYA_WEBHOOK_URL: `http://relay.example.com/${urlCanary}`,
          SERENYA_WEBHOOK_SECRET: `${canary}-long-enough-to-be-valid`,
        },
        { SERENYA_WEBHOOK_URL: `not a url ${urlCanary}`, SERENYA_WEBHOOK_SECRET: canary },
      ]) {
        try {
          loadConfig(env);
          assert.fail('loadConfig accepted an invalid configuration');
        } catch (error) {
          assert.ok(error instanceof ConfigError);
          const text = [error.message, error.stack ?? '', JSON.stringify(error)].join('\n');
          assert.match(text, /SERENYA_WEBHOOK_/);
          assert.ok(!text.includes(canary) && !text.includes(urlCanary), text);
        }
      }
    });
  });
});
