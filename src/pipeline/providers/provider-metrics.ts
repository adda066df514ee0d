import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Metrics of the external providers. Labels are bounded: provider, operation (an API name),
 * result (ok or a failure kind), direction (in, out). Nothing about a document.
 */
export class ProviderMetrics {
  readonly requests: Counter<'provider' | 'operation' | 'result'>;
  readonly latency: Histogram<'provider' | 'operation'>;
  readonly fallbacks: Counter<'provider' | 'reason'>;
  readonly circuitOpen: Gauge<'provider'>;
  readonly tokens: Counter<'provider' | 'direction'>;
  readonly billedUnits: Counter<'provider' | 'unit'>;
  readonly jobCost: Histogram<'provider'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({
      name: 'serenya_provider_requests_total',
      help: 'Calls to external providers, each try counted, by result (ok or failure kind).',
      labelNames: ['provider', 'operation', 'result'] as const,
      registers,
    });
    this.latency = new Histogram({
      name: 'serenya_provider_request_duration_seconds',
      help: 'Duration of one call to an external provider.',
      labelNames: ['provider', 'operation'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80],
      registers,
    });
    this.fallbacks = new Counter({
      name: 'serenya_provider_fallbacks_total',
      help: 'Jobs completed on the embedded engine because a provider was unavailable.',
      labelNames: ['provider', 'reason'] as const,
      registers,
    });
    this.circuitOpen = new Gauge({
      name: 'serenya_provider_circuit_open',
      help: '1 while the circuit breaker of a provider is open in this process.',
      labelNames: ['provider'] as const,
      registers,
    });
    this.tokens = new Counter({
      name: 'serenya_provider_tokens_total',
      help: 'Language-model tokens sent (in) and received (out).',
      labelNames: ['provider', 'direction'] as const,
      registers,
    });
    this.billedUnits = new Counter({
      name: 'serenya_provider_billed_units_total',
      help: 'Units a provider bills by: pages (Textract), 100-character units (Comprehend Medical).',
      labelNames: ['provider', 'unit'] as const,
      registers,
    });
    this.jobCost = new Histogram({
      name: 'serenya_provider_job_cost_usd',
      help: 'Estimated provider cost of one job at list price (see docs/providers.md).',
      labelNames: ['provider'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
  }
}
