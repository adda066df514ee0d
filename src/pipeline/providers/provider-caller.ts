import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  type CircuitBreakerPolicy,
  type RetryPolicy,
} from 'cockatiel';
import type { ProviderMetrics } from './provider-metrics.js';
import { ProviderError, type ProviderName } from './provider-error.js';

/** How hard one provider is tried before the job falls back (or fails, when it is required). */
export interface ResilienceSettings {
  /** Limit of one call (one HTTP exchange), in milliseconds. */
  readonly timeoutMs: number;
  /** Retries of a transient failure after the first try. */
  readonly retries: number;
  /** Delay before the first retry; doubles each time, with jitter. */
  readonly baseDelayMs: number;
  /** Longest wait between tries: a `retry-after` beyond it is not waited for (we fall back). */
  readonly maxDelayMs: number;
  /** Consecutive failed calls that open the circuit. */
  readonly breakerThreshold: number;
  /** How long an open circuit refuses calls before one trial call is let through. */
  readonly breakerCooldownMs: number;
}

/**
 * Calls one provider with a per-call timeout, retries of transient failures (honouring
 * `retry-after`, growing delay) and a circuit breaker shared by every job of this process.
 * Every attempt is counted and timed; errors come out as ProviderError.
 */
export class ProviderCaller {
  readonly provider: ProviderName;
  readonly #settings: ResilienceSettings;
  readonly #metrics: ProviderMetrics;
  readonly #classify: (error: unknown) => ProviderError;
  readonly #breaker: CircuitBreakerPolicy;
  readonly #retry: RetryPolicy;

  constructor(options: {
    provider: ProviderName;
    settings: ResilienceSettings;
    metrics: ProviderMetrics;
    /** Turns what the SDK threw into a ProviderError. */
    classify: (error: unknown) => ProviderError;
  }) {
    this.provider = options.provider;
    this.#settings = options.settings;
    this.#metrics = options.metrics;
    this.#classify = options.classify;
    const { settings } = options;
    this.#breaker = circuitBreaker(
      handleWhen((error) => error instanceof ProviderError),
      {
        halfOpenAfter: settings.breakerCooldownMs,
        breaker: new ConsecutiveBreaker(settings.breakerThreshold),
      },
    );
    this.#breaker.onStateChange((state) =>
      this.#metrics.circuitOpen.set(
        { provider: this.provider },
        state === CircuitState.Open ? 1 : 0,
      ),
    );
    this.#retry = retry(
      handleWhen(
        (error) =>
          error instanceof ProviderError &&
          error.retryable &&
          (error.retryAfterMs ?? 0) <= settings.maxDelayMs,
      ),
      {
        maxAttempts: settings.retries,
        backoff: new DelegateBackoff((context) => {
          const error = 'error' in context.result ? context.result.error : undefined;
          const grown = settings.baseDelayMs * 2 ** (context.attempt - 1);
          const jittered = grown * (0.8 + Math.random() * 0.4);
          const asked = error instanceof ProviderError ? (error.retryAfterMs ?? 0) : 0;
          return Math.min(settings.maxDelayMs, Math.max(asked, jittered));
        }),
      },
    );
  }

  /** Whether the circuit currently refuses calls. */
  get circuitOpen(): boolean {
    return this.#breaker.state === CircuitState.Open;
  }

  /**
   * Runs `attempt` until it succeeds, fails permanently, or the retries are spent. `attempt`
   * receives a signal that fires on the per-call timeout or when `signal` does. A cancelled job
   * rethrows the job's own abort reason and is not counted as a provider failure.
   */
  async call<T>(
    operation: string,
    attempt: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal,
  ): Promise<T> {
    try {
      return await this.#retry.execute(
        () => this.#breaker.execute(() => this.#once(operation, attempt, signal)),
        signal,
      );
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof BrokenCircuitError) {
        this.#metrics.requests.inc({ provider: this.provider, operation, result: 'circuit_open' });
        throw new ProviderError(this.provider, 'circuit_open');
      }
      throw error;
    }
  }

  async #once<T>(
    operation: string,
    attempt: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal,
  ): Promise<T> {
    signal.throwIfAborted();
    const timeout = AbortSignal.timeout(this.#settings.timeoutMs);
    const labels = { provider: this.provider, operation };
    const began = performance.now();
    try {
      const value = await attempt(AbortSignal.any([signal, timeout]));
      this.#metrics.requests.inc({ ...labels, result: 'ok' });
      return value;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const failure = timeout.aborted
        ? new ProviderError(this.provider, 'timeout', { cause: error })
        : error instanceof ProviderError
          ? error
          : this.#classify(error);
      this.#metrics.requests.inc({ ...labels, result: failure.kind });
      throw failure;
    } finally {
      this.#metrics.latency.observe(labels, (performance.now() - began) / 1000);
    }
  }
}
