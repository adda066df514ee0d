import { ServiceError } from '../domain/errors.js';
import type { Stage } from '../domain/job.js';
import type { MediaType } from '../domain/media-type.js';
import type { AnalysisResult } from '../domain/result.js';
import type { Extractor } from './extract/extractor.port.js';
import { formatResult } from './format/result.formatter.js';
import type { Interpreter } from './interpret/interpreter.port.js';

export interface PipelineDeps {
  readonly extractors: readonly Extractor[];
  readonly interpreter: Interpreter;
  readonly maxPages: number;
}

export interface PipelineContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  readonly onProgress: (stage: Stage, page?: number, pages?: number) => void;
  /** Called with each stage's duration, for metrics. */
  readonly onStageDone?: (stage: Stage, seconds: number) => void;
}

/** Media types some extractor can read; uploads of other types are refused up front. */
export function processableTypes(deps: Pick<PipelineDeps, 'extractors'>): MediaType[] {
  return [...new Set(deps.extractors.flatMap((e) => e.mediaTypes))];
}

/** validate → extract → interpret → format, on verified plaintext held in memory. */
export async function processDocument(
  bytes: Uint8Array,
  mediaType: MediaType,
  deps: PipelineDeps,
  context: PipelineContext,
): Promise<AnalysisResult> {
  const timed = async <T>(stage: Stage, work: () => Promise<T>): Promise<T> => {
    context.onProgress(stage);
    const started = performance.now();
    const value = await work();
    context.onStageDone?.(stage, (performance.now() - started) / 1000);
    return value;
  };

  const extractor = await timed('validate', async () => {
    const found = deps.extractors.find((e) => e.mediaTypes.includes(mediaType));
    if (found === undefined) throw new ServiceError('unsupported_media_type');
    if (bytes.length === 0) throw new ServiceError('corrupt_document');
    return found;
  });
  const document = await timed('extract', () =>
    extractor.extract(bytes, {
      mediaType,
      maxPages: deps.maxPages,
      signal: context.signal,
      onPage: (page, pages) => context.onProgress('extract', page, pages),
    }),
  );
  const interpretation = await timed('interpret', () =>
    deps.interpreter.interpret(document, context.signal),
  );
  return timed('format', async () =>
    formatResult({
      jobId: context.jobId,
      engine: deps.interpreter.engine,
      document,
      interpretation,
    }),
  );
}
