import { ServiceError } from '../../domain/errors.js';
import { MEDIA_TYPES, type MediaType } from '../../domain/media-type.js';
import type { Logger } from '../../observability/logger.js';
import type { ExtractOptions, ExtractedDocument, Extractor } from './extractor.port.js';
import type {
  ExtractionFailure,
  ExtractionProgress,
  ExtractionTask,
} from './isolation/extraction.protocol.js';
import { ChildFailure, ProcessPool, TaskFailed } from './isolation/process-pool.js';

export interface IsolationOptions {
  /** Child processes at most. */
  readonly processes: number;
  /** Resident memory per child, in MiB. */
  readonly memoryMb: number;
  /** Tasks per child before it is replaced. */
  readonly recycleAfter: number;
  /** Largest image, in pixels. */
  readonly maxPixels: number;
  readonly logger: Logger;
}

const developing = import.meta.url.endsWith('.ts');

/**
 * Extraction in a pool of child processes: pdf.js, sharp and Tesseract never run in the service
 * process. A crash costs one attempt of one job (retried like any transient failure); a child
 * past its memory limit fails the document as too large.
 */
export class IsolatedExtractor implements Extractor {
  readonly mediaTypes: readonly MediaType[] = MEDIA_TYPES;
  readonly #pool: ProcessPool;
  readonly #maxPixels: number;

  constructor(options: IsolationOptions) {
    this.#maxPixels = options.maxPixels;
    const heapMb = Math.max(128, Math.floor(options.memoryMb / 2));
    this.#pool = new ProcessPool({
      size: options.processes,
      entry: new URL(
        developing ? './isolation/extraction.child.ts' : './isolation/extraction.child.js',
        import.meta.url,
      ),
      execArgv: [
        `--max-old-space-size=${heapMb}`,
        // No eval or new Function in a process that parses hostile documents.
        '--disallow-code-generation-from-strings',
        ...(developing ? ['--import', import.meta.resolve('tsx')] : []),
      ],
      memoryLimitBytes: options.memoryMb * 1024 * 1024,
      recycleAfter: options.recycleAfter,
      logger: options.logger,
    });
  }

  async extract(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
    const task: ExtractionTask = {
      bytes,
      mediaType: options.mediaType,
      maxPages: options.maxPages,
      maxPixels: this.#maxPixels,
    };
    try {
      return await this.#pool.run<ExtractedDocument>(task, {
        signal: options.signal,
        onProgress: (data) => {
          const { page, pages } = data as ExtractionProgress;
          options.onPage(page, pages);
        },
      });
    } catch (error) {
      options.signal.throwIfAborted();
      throw toServiceError(error);
    }
  }

  /** Children alive and the peak memory any reached (for metrics and the robustness suite). */
  stats() {
    return this.#pool.stats();
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof ChildFailure)
    return error.kind === 'memory'
      ? new ServiceError('file_too_large', {
          detail:
            'The document is too large or complex to process. Upload fewer pages or a smaller file.',
          cause: error,
        })
      : new ServiceError('internal', { cause: error, retryable: true });
  const failure = (error instanceof TaskFailed ? error.data : undefined) as
    Partial<ExtractionFailure> | undefined;
  if (typeof failure?.code === 'string')
    return new ServiceError(failure.code, {
      ...(typeof failure.detail === 'string' ? { detail: failure.detail } : {}),
      retryable: failure.retryable === true,
    });
  return new ServiceError('internal', { cause: error });
}
