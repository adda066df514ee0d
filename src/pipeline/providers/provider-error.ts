/** The external providers the service can call. */
export type ProviderName = 'claude' | 'textract' | 'comprehend';

/**
 * Why one call to a provider failed. Bounded, so it can label a metric; never carries content.
 * `throttled` 429; `overloaded` 529 or 503; `server_error` other 5xx; `timeout` our per-call limit;
 * `network` no HTTP answer; `invalid_response` an answer we cannot use (malformed, truncated,
 * failing our schema); `rejected` a 4xx other than 429 (bad key, bad request: retrying won't
 * help); `circuit_open` not attempted because the provider's circuit is open.
 */
export const PROVIDER_FAILURE_KINDS = [
  'throttled',
  'overloaded',
  'server_error',
  'timeout',
  'network',
  'invalid_response',
  'rejected',
  'circuit_open',
] as const;
export type ProviderFailureKind = (typeof PROVIDER_FAILURE_KINDS)[number];

const RETRYABLE = new Set<ProviderFailureKind>([
  'throttled',
  'overloaded',
  'server_error',
  'timeout',
  'network',
  'invalid_response',
]);

/**
 * A failed provider call. The message names the provider and kind only: SDK errors may quote the
 * request, so they stay in `cause`, which only the redacted log sees.
 */
export class ProviderError extends Error {
  readonly provider: ProviderName;
  readonly kind: ProviderFailureKind;
  readonly retryable: boolean;
  /** The provider's `retry-after`, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;
  /** HTTP status of the answer, when there was one. */
  readonly status: number | undefined;

  constructor(
    provider: ProviderName,
    kind: ProviderFailureKind,
    options: {
      cause?: unknown;
      retryAfterMs?: number | undefined;
      status?: number | undefined;
    } = {},
  ) {
    super(`${provider} ${kind}`, { cause: options.cause });
    this.name = 'ProviderError';
    this.provider = provider;
    this.kind = kind;
    this.retryable = RETRYABLE.has(kind);
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
}

/** The kind for an HTTP status that is not a success. */
export function kindOfStatus(status: number): ProviderFailureKind {
  if (status === 429) return 'throttled';
  if (status === 529 || status === 503) return 'overloaded';
  if (status >= 500) return 'server_error';
  if (status === 408) return 'timeout';
  return 'rejected';
}

/**
 * `retry-after` (seconds or an HTTP date) or `retry-after-ms`, in milliseconds; undefined when
 * absent or unreadable.
 */
export function retryAfterMs(
  header: (name: string) => string | null | undefined,
  now = Date.now(),
): number | undefined {
  const ms = Number(header('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = header('retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
