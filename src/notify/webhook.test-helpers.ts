// Shared by the webhook notifier tests: a notifier on a fresh registry with captured logs.
import { createLogger } from '../observability/logger.js';
import { Metrics } from '../observability/metrics.js';
import { LogCapture } from '../../test/helpers/test-app.js';
import type { Resolver } from './checked-lookup.js';
import { WebhookNotifier, type WebhookNotifierDeps } from './webhook.notifier.js';

export const SECRET = 'test-webhook-secret-'.padEnd(40, 's');

export interface NotifierUnderTest {
  readonly notifier: WebhookNotifier;
  readonly logs: LogCapture;
  /** serenya_webhook_deliveries_total by result. */
  readonly counts: () => Promise<Record<string, number>>;
}

/** A notifier for `url` with quick retries; `config` and `resolve` override the defaults. */
export function makeNotifier(
  url: string,
  config: Partial<WebhookNotifierDeps['config']> = {},
  resolve?: Resolver,
): NotifierUnderTest {
  const metrics = new Metrics({ defaultMetrics: false });
  const logs = new LogCapture();
  const notifier = new WebhookNotifier({
    config: {
      url: new URL(url),
      secret: Buffer.from(SECRET),
      allowedCidrs: ['127.0.0.1/32'],
      maxAttempts: 5,
      retryBaseDelayMs: 10,
      timeoutMs: 2000,
      ...config,
    },
    metrics,
    logger: createLogger('debug', logs),
    ...(resolve === undefined ? {} : { resolve }),
  });
  return {
    notifier,
    logs,
    counts: async () => {
      const { values } = await metrics.webhookDeliveries.get();
      return Object.fromEntries(values.map((v) => [String(v.labels.result), v.value]));
    },
  };
}
