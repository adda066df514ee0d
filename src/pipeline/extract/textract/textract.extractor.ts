import type { TextractClient } from '@aws-sdk/client-textract';
import { ServiceError } from '../../../domain/errors.js';
import type { MediaType } from '../../../domain/media-type.js';
import type { ProviderCaller } from '../../providers/provider-caller.js';
import { ProviderError } from '../../providers/provider-error.js';
import type { ProviderMetrics } from '../../providers/provider-metrics.js';
import type { ExtractOptions, ExtractedDocument, Extractor } from '../extractor.port.js';
import type { TextractAnalysis } from './block-index.js';
import { toPages } from './pages.mapper.js';
import { analyzeStaged } from './textract.async.js';
import { REFUSED, type Refused } from './textract.classify.js';
import { IMAGE_FRAME, mergePages, withWarning } from './merge-pages.js';
import { TEXTRACT_PRICE_PER_PAGE } from './textract.prices.js';
import type { StagingBucket } from './textract.staging.js';
import { analyzeBytes, SYNC_LIMIT_BYTES } from './textract.sync.js';

export interface TextractExtractorOptions {
  readonly client: TextractClient;
  readonly caller: ProviderCaller;
  readonly metrics: ProviderMetrics;
  /** The embedded reader: validates PDFs, reads text layers, and stands in for Textract. */
  readonly fallback: Extractor;
  /** Fail the job (to be retried) instead of falling back when Textract is unavailable. */
  readonly required: boolean;
  /** Where multi-page PDFs are staged for asynchronous analysis; without it they stay embedded. */
  readonly staging?: StagingBucket | undefined;
  /** Wait between polls of an asynchronous job, in milliseconds (default 1000). */
  readonly pollIntervalMs?: number | undefined;
  /** Longest wait for an asynchronous job, in milliseconds (default 300 000). */
  readonly asyncTimeoutMs?: number | undefined;
}

/** Shown when Textract could not be reached and the embedded reader stood in. */
export const TEXTRACT_UNAVAILABLE =
  'Amazon Textract was unavailable; this document was read by the embedded reader.';
/** Shown when a scanned multi-page PDF could not go to Textract for want of a staging bucket. */
export const TEXTRACT_NOT_STAGED =
  'Amazon Textract was not used for this multi-page scanned document because no staging bucket is configured; it was read by the embedded reader.';

const IMAGES: readonly MediaType[] = ['image/jpeg', 'image/png'];

/**
 * Amazon Textract (AnalyzeDocument with tables and forms) for photos and scanned PDFs, on top of
 * the embedded reader. PDFs are read by the embedded reader first: it checks them, and pages with
 * a text layer never go to Textract. Tables come out as one line per row with a cell per column.
 */
export class TextractExtractor implements Extractor {
  readonly mediaTypes: readonly MediaType[];
  readonly #options: TextractExtractorOptions;

  constructor(options: TextractExtractorOptions) {
    this.#options = options;
    this.mediaTypes = options.fallback.mediaTypes;
  }

  async extract(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
    if (options.mediaType === 'application/pdf') return this.#pdf(bytes, options);
    if (IMAGES.includes(options.mediaType) && bytes.byteLength <= SYNC_LIMIT_BYTES)
      return this.#image(bytes, options);
    return this.#options.fallback.extract(bytes, options);
  }

  async close(): Promise<void> {
    await this.#options.fallback.close?.();
  }

  async #image(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
    const { client, caller, fallback } = this.#options;
    const analysis = await this.#attempt(() => analyzeBytes(client, caller, bytes, options.signal));
    if (analysis instanceof ProviderError)
      return this.#unavailable(await fallback.extract(bytes, options), analysis);
    if (analysis === REFUSED) return fallback.extract(bytes, options);
    const pages = toPages(analysis, () => IMAGE_FRAME);
    if (pages.every((page) => page.lines.length === 0)) return fallback.extract(bytes, options);
    options.onPage(1, 1);
    return {
      mediaType: options.mediaType,
      pageCount: analysis.pages,
      pages,
      ocrPages: pages.map((page) => page.number),
    };
  }

  async #pdf(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
    const { client, caller, metrics, staging } = this.#options;
    const embedded = await this.#options.fallback.extract(bytes, options);
    if (embedded.ocrPages.length === 0) return embedded;
    let flow: () => Promise<TextractAnalysis | Refused>;
    if (embedded.pageCount === 1 && bytes.byteLength <= SYNC_LIMIT_BYTES)
      flow = () => analyzeBytes(client, caller, bytes, options.signal);
    else if (staging === undefined) return withWarning(embedded, TEXTRACT_NOT_STAGED);
    else {
      const settings = {
        pollIntervalMs: this.#options.pollIntervalMs ?? 1000,
        timeoutMs: this.#options.asyncTimeoutMs ?? 300_000,
      };
      flow = () =>
        analyzeStaged({ client, caller, metrics, staging, ...settings }, bytes, options.signal);
    }
    const analysis = await this.#attempt(flow);
    if (analysis instanceof ProviderError) return this.#unavailable(embedded, analysis);
    if (analysis === REFUSED) return embedded;
    return mergePages(embedded, analysis);
  }

  /** Runs a Textract flow: bills what it read; a ProviderError is returned when we may fall back. */
  async #attempt(
    flow: () => Promise<TextractAnalysis | Refused>,
  ): Promise<TextractAnalysis | Refused | ProviderError> {
    let analysis;
    try {
      analysis = await flow();
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      if (this.#options.required)
        throw new ServiceError('provider_unavailable', {
          cause: error,
          ...(error.retryAfterMs === undefined
            ? {}
            : { retryAfterSeconds: Math.ceil(error.retryAfterMs / 1000) }),
        });
      return error;
    }
    if (analysis !== REFUSED) {
      const { metrics } = this.#options;
      metrics.billedUnits.inc({ provider: 'textract', unit: 'page' }, analysis.pages);
      metrics.jobCost.observe({ provider: 'textract' }, analysis.pages * TEXTRACT_PRICE_PER_PAGE);
    }
    return analysis;
  }

  #unavailable(embedded: ExtractedDocument, error: ProviderError): ExtractedDocument {
    this.#options.metrics.fallbacks.inc({ provider: 'textract', reason: error.kind });
    return withWarning(embedded, TEXTRACT_UNAVAILABLE);
  }
}
