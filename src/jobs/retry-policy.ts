import type { ServiceError } from '../domain/errors.js';

/** Retries allowed: transient errors only, and no more than `maxRetries` after the first try. */
export function shouldRetry(error: ServiceError, attempt: number, maxRetries: number): boolean {
  return error.retryable && attempt <= maxRetries;
}

/**
 * Delay before the next attempt after `attempt` (1-based) failed: exponential from `baseMs`,
 * with ±50 % jitter so jobs that failed together do not retry together. A provider's
 * Retry-After, when longer, wins.
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  retryAfterSeconds?: number,
  random: () => number = Math.random,
): number {
  const exponential = baseMs * 2 ** Math.max(0, attempt - 1);
  const jittered = Math.round(exponential * (0.5 + random()));
  return Math.max(jittered, (retryAfterSeconds ?? 0) * 1000);
}
