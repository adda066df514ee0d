import { S3Client } from '@aws-sdk/client-s3';
import { Registry } from 'prom-client';
import type { MediaType } from '../../../src/domain/media-type.js';
import type {
  ExtractOptions,
  ExtractedDocument,
  Extractor,
} from '../../../src/pipeline/extract/extractor.port.js';
import { createTextractClient } from '../../../src/pipeline/extract/textract/textract.client.js';
import { classifyTextractError } from '../../../src/pipeline/extract/textract/textract.classify.js';
import { TextractExtractor } from '../../../src/pipeline/extract/textract/textract.extractor.js';
import { ProviderCaller } from '../../../src/pipeline/providers/provider-caller.js';
import { ProviderMetrics } from '../../../src/pipeline/providers/provider-metrics.js';
import { TEST_CREDENTIALS, TEST_REGION } from './aws-json-server.js';

/**
 * The real embedded reader, remembering each document's outcome so a test file OCRs each
 * scanned document once; counts the calls it answers.
 */
export class RememberingExtractor implements Extractor {
  readonly mediaTypes: readonly MediaType[];
  calls = 0;
  readonly #inner: Extractor;
  readonly #seen = new Map<Uint8Array, Promise<ExtractedDocument>>();

  constructor(inner: Extractor) {
    this.#inner = inner;
    this.mediaTypes = inner.mediaTypes;
  }

  extract(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
    this.calls += 1;
    let outcome = this.#seen.get(bytes);
    if (outcome === undefined) {
      outcome = this.#inner.extract(bytes, options);
      this.#seen.set(bytes, outcome);
    }
    return outcome;
  }

  close(): Promise<void> {
    return this.#inner.close?.() ?? Promise.resolve();
  }
}

/** Options of a Textract extractor under test, pointed at local servers. */
export interface HarnessOptions {
  /** The Textract endpoint (a test server, or a closed port). */
  readonly endpoint: string;
  readonly fallback: Extractor;
  readonly required?: boolean;
  /** The staging S3 endpoint; absent means no staging bucket. */
  readonly s3Endpoint?: string;
  readonly retries?: number;
}

/** A TextractExtractor with fast retries and polling, its metrics, and its registry. */
export function textractUnderTest(options: HarnessOptions) {
  const registry = new Registry();
  const metrics = new ProviderMetrics(registry);
  const caller = new ProviderCaller({
    provider: 'textract',
    settings: {
      timeoutMs: 5000,
      retries: options.retries ?? 2,
      baseDelayMs: 5,
      maxDelayMs: 50,
      breakerThreshold: 20,
      breakerCooldownMs: 1000,
    },
    metrics,
    classify: classifyTextractError,
  });
  const client = createTextractClient({
    region: TEST_REGION,
    endpoint: options.endpoint,
    credentials: TEST_CREDENTIALS,
  });
  const staging =
    options.s3Endpoint === undefined
      ? undefined
      : {
          s3: new S3Client({
            region: TEST_REGION,
            endpoint: options.s3Endpoint,
            credentials: TEST_CREDENTIALS,
            forcePathStyle: true,
            maxAttempts: 1,
          }),
          bucket: 'serenya-textract-staging',
        };
  const extractor = new TextractExtractor({
    client,
    caller,
    metrics,
    fallback: options.fallback,
    required: options.required ?? false,
    staging,
    pollIntervalMs: 10,
  });
  return { extractor, metrics, registry, caller };
}

/** Options of one extraction in a test. */
export function extractOptions(mediaType: MediaType, signal = new AbortController().signal) {
  const pages: [number, number][] = [];
  return {
    pages,
    options: {
      mediaType,
      maxPages: 20,
      signal,
      onPage: (page: number, total: number) => pages.push([page, total]),
    } satisfies ExtractOptions,
  };
}

/**
 * The value of a metric's sample with these labels (0 when absent); `series` picks a histogram's
 * `_sum` or `_count`.
 */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
  series?: 'sum' | 'count',
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return 0;
  const { values } = await metric.get();
  const found = values.find(
    (value) =>
      (series === undefined ||
        (value as { metricName?: string }).metricName === `${name}_${series}`) &&
      Object.entries(labels).every(([k, v]) => (value.labels as Record<string, unknown>)[k] === v),
  );
  return found?.value ?? 0;
}
