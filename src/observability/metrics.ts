import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ProviderMetrics } from '../pipeline/providers/provider-metrics.js';

/** The service's Prometheus metrics, one registry per app (no global state). Labels are bounded. */
export class Metrics {
  readonly registry = new Registry();
  readonly stageDuration = new Histogram({
    name: 'serenya_stage_duration_seconds',
    help: 'Processing time per pipeline stage.',
    labelNames: ['stage'] as const,
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'serenya_job_duration_seconds',
    help: 'Time from upload to terminal state.',
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
    registers: [this.registry],
  });
  readonly outcomes = new Counter({
    name: 'serenya_jobs_total',
    help: 'Jobs by outcome (succeeded, failed:<code>, cancelled, expired).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly retries = new Counter({
    name: 'serenya_job_retries_total',
    help: 'Retries scheduled after a transient failure.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly uploadBytes = new Counter({
    name: 'serenya_upload_bytes_total',
    help: 'Bytes of accepted uploads.',
    registers: [this.registry],
  });
  readonly uploadsRejected = new Counter({
    name: 'serenya_uploads_rejected_total',
    help: 'Uploads refused, by error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly deletions = new Counter({
    name: 'serenya_objects_deleted_total',
    help: 'Temporary objects deleted, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly httpRequests = new Counter({
    name: 'serenya_http_requests_total',
    help: 'HTTP requests by route pattern, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'serenya_queue_depth',
    help: 'Jobs in the queue by state.',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly webhookDeliveries = new Counter({
    name: 'serenya_webhook_deliveries_total',
    help: 'Completion webhook notices delivered, failed or refused, and tries retried.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  /** Calls, latency, failures, fallbacks, tokens and cost of the external providers. */
  readonly providers = new ProviderMetrics(this.registry);

  readonly #beforeScrape: (() => Promise<void>)[] = [];

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Registers a refresh (for example of the queue depth) that runs before each scrape. */
  onScrape(refresh: () => Promise<void>): void {
    this.#beforeScrape.push(refresh);
  }

  /** The exposition text, after every registered refresh. */
  async scrape(): Promise<string> {
    await Promise.all(this.#beforeScrape.map((refresh) => refresh()));
    return this.registry.metrics();
  }
}
