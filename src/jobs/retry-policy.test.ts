import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceError } from '../domain/errors.js';
import { retryDelayMs, shouldRetry } from './retry-policy.js';

const transient = new ServiceError('provider_unavailable');
const permanent = new ServiceError('corrupt_document');

describe('shouldRetry', () => {
  it('retries a transient error while the budget lasts (maxRetries after the first try)', () => {
    assert.equal(shouldRetry(transient, 1, 3), true);
    assert.equal(shouldRetry(transient, 2, 3), true);
    assert.equal(shouldRetry(transient, 3, 3), true);
    assert.equal(shouldRetry(transient, 4, 3), false);
    assert.equal(shouldRetry(transient, 10, 3), false);
  });

  it('never retries when the budget is zero', () => {
    assert.equal(shouldRetry(transient, 1, 0), false);
  });

  it('never retries a permanent error', () => {
    for (let attempt = 1; attempt <= 4; attempt += 1)
      assert.equal(shouldRetry(permanent, attempt, 3), false);
  });

  it('follows an overridden retryable flag', () => {
    assert.equal(shouldRetry(new ServiceError('internal', { retryable: false }), 1, 3), false);
    assert.equal(
      shouldRetry(new ServiceError('corrupt_document', { retryable: true }), 1, 3),
      true,
    );
  });
});

describe('retryDelayMs', () => {
  const middle = () => 0.5;

  it('doubles the delay with each attempt (no jitter at random = 0.5)', () => {
    assert.equal(retryDelayMs(1, 1000, undefined, middle), 1000);
    assert.equal(retryDelayMs(2, 1000, undefined, middle), 2000);
    assert.equal(retryDelayMs(3, 1000, undefined, middle), 4000);
    assert.equal(retryDelayMs(4, 1000, undefined, middle), 8000);
  });

  it('treats attempt 0 like the first attempt', () => {
    assert.equal(retryDelayMs(0, 1000, undefined, middle), 1000);
  });

  it('keeps the jitter within ±50 % of the exponential delay', () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const exponential = 1000 * 2 ** (attempt - 1);
      const low = retryDelayMs(attempt, 1000, undefined, () => 0);
      const high = retryDelayMs(attempt, 1000, undefined, () => 0.9999999);
      assert.equal(low, exponential / 2);
      assert.ok(high <= exponential * 1.5, `${high} > 1.5 × ${exponential}`);
      assert.ok(high >= exponential * 1.49, `${high} well below 1.5 × ${exponential}`);
      for (const r of [0.1, 0.25, 0.75, 0.9]) {
        const delay = retryDelayMs(attempt, 1000, undefined, () => r);
        assert.ok(delay >= low && delay <= high, `${delay} outside [${low}, ${high}]`);
      }
    }
  });

  it('keeps growing despite jitter: two attempts later is always longer', () => {
    // Worst case: attempt n at +50 %, attempt n+2 at −50 % is still longer (2 × 0.5 × 2 > 1.5).
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const high = retryDelayMs(attempt, 500, undefined, () => 0.9999999);
      const lowTwoLater = retryDelayMs(attempt + 2, 500, undefined, () => 0);
      assert.ok(lowTwoLater > high);
    }
  });

  it('returns whole milliseconds', () => {
    assert.ok(Number.isInteger(retryDelayMs(1, 333, undefined, () => 0.123456)));
  });

  it('uses Math.random when no random source is given, staying within bounds', () => {
    for (let i = 0; i < 100; i += 1) {
      const delay = retryDelayMs(2, 1000);
      assert.ok(delay >= 1000 && delay <= 3000, `${delay}`);
    }
  });

  it('honours a provider’s Retry-After when it is longer', () => {
    assert.equal(retryDelayMs(1, 1000, 30, middle), 30_000);
    assert.equal(
      retryDelayMs(1, 1000, 30, () => 0.9999999),
      30_000,
    );
  });

  it('keeps its own delay when Retry-After is shorter', () => {
    assert.equal(retryDelayMs(3, 1000, 1, middle), 4000);
    assert.equal(retryDelayMs(1, 1000, 0, middle), 1000);
  });
});
