import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_RETRY_DELAY_MS,
  parseRetryAfterSeconds,
  verdictFor,
  webhookRetryDelayMs,
} from './webhook-retry.js';

describe('webhook retry schedule', () => {
  it('delivers on 2xx, retries 429 and 5xx, gives up on 3xx and other 4xx', () => {
    for (const status of [200, 201, 204]) assert.equal(verdictFor(status), 'delivered');
    for (const status of [429, 500, 502, 503, 504]) assert.equal(verdictFor(status), 'retry');
    for (const status of [301, 302, 307, 400, 401, 403, 404, 410, 413])
      assert.equal(verdictFor(status), 'give-up');
  });

  it('doubles from the base delay with ±50 % jitter', () => {
    const low = () => 0;
    const high = () => 0.999;
    assert.equal(webhookRetryDelayMs(1, 1000, undefined, 0, low), 500);
    assert.equal(webhookRetryDelayMs(3, 1000, undefined, 0, low), 2000);
    assert.equal(webhookRetryDelayMs(3, 1000, undefined, 0, high), 5996);
    const seen = new Set(Array.from({ length: 50 }, () => webhookRetryDelayMs(2, 1000, undefined)));
    assert.ok(seen.size > 10, 'jitter spreads the delays');
    for (const delay of seen) assert.ok(delay >= 1000 && delay < 3000, String(delay));
  });

  it('waits for a longer Retry-After, in seconds or as a date, but never past the cap', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const mid = () => 0.5;
    assert.equal(webhookRetryDelayMs(1, 100, '3', now, mid), 3000);
    assert.equal(webhookRetryDelayMs(1, 100, 'Thu, 01 Jan 2026 00:00:07 GMT', now, mid), 7000);
    assert.equal(webhookRetryDelayMs(1, 100, '86400', now, mid), MAX_RETRY_DELAY_MS);
    assert.equal(webhookRetryDelayMs(12, 1000, undefined, now, mid), MAX_RETRY_DELAY_MS);
    assert.equal(webhookRetryDelayMs(1, 4000, '1', now, mid), 4000, 'a shorter one is ignored');
    assert.equal(webhookRetryDelayMs(1, 100, 'soon', now, mid), 100, 'an unreadable one too');
  });

  it('reads Retry-After', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfterSeconds(' 12 ', now), 12);
    assert.equal(parseRetryAfterSeconds('Wed, 31 Dec 2025 23:00:00 GMT', now), 0);
    assert.equal(parseRetryAfterSeconds('-5', now), undefined);
    assert.equal(parseRetryAfterSeconds(undefined, now), undefined);
  });
});
