import { retryDelayMs } from '../jobs/retry-policy.js';

/** Longest wait between two tries, whatever a receiver's Retry-After asks for. */
export const MAX_RETRY_DELAY_MS = 60_000;

/** What one try's outcome means for the delivery. */
export type AttemptVerdict = 'delivered' | 'retry' | 'give-up';

/**
 * 2xx delivered; 429 and 5xx are worth another try; any other status (4xx, and 3xx because
 * redirects are never followed) will not change by trying again.
 */
export function verdictFor(status: number): AttemptVerdict {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 429 || status >= 500) return 'retry';
  return 'give-up';
}

/**
 * Delay after try `attempt` (1-based) failed: exponential from `baseMs` with ±50 % jitter (the
 * jobs' own policy), or the receiver's Retry-After when longer, never above the cap.
 */
export function webhookRetryDelayMs(
  attempt: number,
  baseMs: number,
  retryAfter: string | undefined,
  now: number = Date.now(),
  random: () => number = Math.random,
): number {
  const asked = parseRetryAfterSeconds(retryAfter, now);
  return Math.min(retryDelayMs(attempt, baseMs, asked, random), MAX_RETRY_DELAY_MS);
}

/** `Retry-After` as seconds from now: delta-seconds or an HTTP date; undefined when unreadable. */
export function parseRetryAfterSeconds(
  value: string | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // HTTP dates (all three historic forms) start with the day's name; Date.parse alone would
  // also read "-5" or "2" as years.
  const at = /^[A-Za-z]{3}/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
