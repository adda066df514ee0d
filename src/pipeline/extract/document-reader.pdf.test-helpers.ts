// Shared by the DocumentReader PDF tests: the PDF-only extractor, run options, bounded outcomes.
import assert from 'node:assert/strict';
import { ERROR_CODES, ServiceError, type ErrorCode } from '../../domain/errors.js';
import type { MediaType } from '../../domain/media-type.js';
import { DocumentReader, type OcrEngine } from './document-reader.js';
import type { ExtractedDocument, ExtractOptions, Extractor } from './extractor.port.js';

/** OCR that finds nothing: these tests are about the text layer and hostile PDFs. */
const noOcr: OcrEngine = { recognize: async () => ({ runs: [], confidence: 0 }) };

/** The document reader on PDFs, behind the extractor interface these tests were written for. */
export class PdfTextExtractor implements Extractor {
  readonly mediaTypes: readonly MediaType[] = ['application/pdf'];
  extract(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
    return new DocumentReader(noOcr).read(bytes, 'application/pdf', {
      ...options,
      maxPixels: 50_000_000,
    });
  }
}

export const HOSTILE_LIMIT_MS = 15_000;

/** Fails with a clear message when `work` does not settle within `ms`. */
export async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`did not settle within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface Run {
  readonly options: ExtractOptions;
  readonly progress: [number, number][];
}

export function run(overrides: Partial<ExtractOptions> = {}): Run {
  const progress: [number, number][] = [];
  return {
    progress,
    options: {
      mediaType: 'application/pdf',
      maxPages: 50,
      signal: new AbortController().signal,
      onPage: (page, pages) => progress.push([page, pages]),
      ...overrides,
    },
  };
}

/** Asserts that extraction rejects with a ServiceError of the given code (within the limit). */
export async function rejectsWith(
  bytes: Uint8Array,
  code: ErrorCode,
  options: ExtractOptions = run().options,
): Promise<ServiceError> {
  const error = await within(
    HOSTILE_LIMIT_MS,
    new PdfTextExtractor().extract(bytes, options).then(
      () => undefined,
      (e: unknown) => e,
    ),
  );
  assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
  assert.equal(error.code, code);
  return error;
}

/** Either a clean document or a ServiceError with a catalogued code; never anything else. */
export async function settleHostile(
  bytes: Uint8Array,
  options: ExtractOptions = run().options,
): Promise<{ document?: ExtractedDocument; error?: ServiceError; ms: number }> {
  const started = performance.now();
  const outcome = await within(
    HOSTILE_LIMIT_MS,
    new PdfTextExtractor().extract(bytes, options).then(
      (document) => ({ document }),
      (error: unknown) => {
        assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
        assert.ok(ERROR_CODES.includes(error.code));
        return { error };
      },
    ),
  );
  return { ...outcome, ms: performance.now() - started };
}
