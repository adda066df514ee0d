import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WebhookConfig } from '../config/config.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { AddressPolicy } from './address-policy.js';
import {
  AddressRefusedError,
  checkedLookup,
  systemResolver,
  type Resolver,
} from './checked-lookup.js';
import type { JobCompletion, JobNotifier } from './notifier.port.js';
import { sendWebhook, type WebhookResponse } from './webhook-request.js';
import { verdictFor, webhookRetryDelayMs } from './webhook-retry.js';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';

/** Deliveries held at once; beyond it new notices are dropped (counted as failed), not queued. */
const MAX_PENDING = 1000;

export interface WebhookNotifierDeps {
  readonly config: Pick<
    WebhookConfig,
    'url' | 'secret' | 'allowedCidrs' | 'maxAttempts' | 'retryBaseDelayMs' | 'timeoutMs'
  >;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** DNS answers; the system resolver unless a test stands in for it. */
  readonly resolve?: Resolver;
}

/**
 * The JSON body a receiver gets: ids, status and code only. `deliveryId` is inside the signed
 * body (and equals the `Serenya-Delivery` header), so a replay under a new id fails the signature.
 */
export function webhookPayload(
  completion: JobCompletion,
  deliveryId: string,
): Record<string, string> {
  return {
    type: `job.${completion.status}`,
    deliveryId,
    jobId: completion.jobId,
    status: completion.status,
    ...(completion.status === 'failed' ? { code: completion.code } : {}),
    occurredAt: new Date(completion.occurredAt).toISOString(),
  };
}

/**
 * POSTs each completion to the configured URL, signed, in the background: retries network
 * errors, timeouts, 429 and 5xx with growing, jittered delays; refuses private and metadata
 * addresses; tracks deliveries under way so shutdown can wait for them.
 */
export class WebhookNotifier implements JobNotifier {
  readonly #deps: WebhookNotifierDeps;
  readonly #policy: AddressPolicy;
  readonly #resolve: Resolver;
  readonly #pending = new Set<Promise<void>>();
  readonly #abort = new AbortController();

  constructor(deps: WebhookNotifierDeps) {
    this.#deps = deps;
    this.#policy = new AddressPolicy(deps.config.allowedCidrs);
    this.#resolve = deps.resolve ?? systemResolver;
  }

  notify(completion: JobCompletion): void {
    if (this.#abort.signal.aborted || this.#pending.size >= MAX_PENDING) {
      this.#count('failed');
      this.#deps.logger.warn({ jobId: completion.jobId }, 'webhook notice dropped');
      return;
    }
    const delivery = this.#deliver(completion)
      .catch((error: unknown) => {
        this.#count('failed');
        this.#deps.logger.error({ err: error, jobId: completion.jobId }, 'webhook delivery error');
      })
      .finally(() => this.#pending.delete(delivery));
    this.#pending.add(delivery);
  }

  async close(timeoutMs: number): Promise<void> {
    const all = Promise.all([...this.#pending]);
    const grace = new AbortController();
    await Promise.race([
      all,
      sleep(timeoutMs, undefined, { signal: grace.signal }).catch(() => undefined),
    ]);
    grace.abort();
    this.#abort.abort();
    await Promise.all([...this.#pending]);
  }

  async #deliver(completion: JobCompletion): Promise<void> {
    const { config, logger } = this.#deps;
    const { jobId } = completion;
    const deliveryId = randomUUID(); // the same on every try, so the receiver can dedupe
    const body = JSON.stringify(webhookPayload(completion, deliveryId));
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'serenya-webhook/1',
      'serenya-delivery': deliveryId,
      'serenya-event': `job.${completion.status}`,
    };
    for (let attempt = 1; ; attempt++) {
      let response: WebhookResponse | undefined;
      // One time limit per try, DNS included: a resolver that never answers must not hold close().
      const timeout = AbortSignal.timeout(config.timeoutMs);
      try {
        const lookup = await checkedLookup(
          config.url.hostname,
          this.#policy,
          this.#resolve,
          AbortSignal.any([this.#abort.signal, timeout]),
        );
        const signature = signWebhook(config.secret, body, Math.floor(Date.now() / 1000));
        response = await sendWebhook({
          url: config.url,
          body,
          headers: { ...headers, [SIGNATURE_HEADER.toLowerCase()]: signature },
          lookup,
          timeout,
          signal: this.#abort.signal,
        });
      } catch (error) {
        if (error instanceof AddressRefusedError) {
          this.#count('refused');
          logger.error({ jobId, attempt, reason: error.reason }, 'webhook address refused');
          return;
        }
        // Network errors, DNS failures and timeouts are retried below (unless shutting down);
        // their messages stay out of the log.
      }
      const statusCode = response?.status;
      const verdict = response === undefined ? 'retry' : verdictFor(response.status);
      if (verdict === 'delivered') {
        this.#count('delivered');
        logger.debug({ jobId, attempt, statusCode }, 'webhook delivered');
        return;
      }
      if (verdict === 'give-up' || attempt >= config.maxAttempts || this.#abort.signal.aborted) {
        this.#count('failed');
        logger.warn({ jobId, attempt, statusCode }, 'webhook delivery failed');
        return;
      }
      this.#count('retried');
      logger.info({ jobId, attempt, statusCode }, 'webhook attempt failed, retrying');
      const delayMs = webhookRetryDelayMs(attempt, config.retryBaseDelayMs, response?.retryAfter);
      const slept = await sleep(delayMs, true, { signal: this.#abort.signal }).catch(() => false);
      if (!slept) {
        this.#count('failed');
        logger.warn({ jobId, attempt }, 'webhook delivery abandoned at shutdown');
        return;
      }
    }
  }

  #count(result: 'delivered' | 'retried' | 'failed' | 'refused'): void {
    this.#deps.metrics.webhookDeliveries.inc({ result });
  }
}
