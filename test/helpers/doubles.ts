import { ServiceError, type ErrorCode } from '../../src/domain/errors.js';
import type { MediaType } from '../../src/domain/media-type.js';
import type {
  ExtractOptions,
  ExtractedDocument,
  Extractor,
} from '../../src/pipeline/extract/extractor.port.js';
import { InProcessExtractor } from './in-process-extractor.js';

/**
 * Test double for a flaky dependency: the first `failures` calls fail with `code` (a transient
 * code such as provider_unavailable), later calls use the real PDF extractor.
 */
export class FlakyExtractor implements Extractor {
  readonly mediaTypes: readonly MediaType[] = ['application/pdf'];
  calls = 0;
  readonly #real = new InProcessExtractor();

  constructor(
    private readonly failures: number,
    private readonly code: ErrorCode = 'provider_unavailable',
    private readonly retryAfterSeconds?: number,
  ) {}

  async extract(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
    this.calls += 1;
    if (this.calls <= this.failures)
      throw new ServiceError(
        this.code,
        this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds },
      );
    return this.#real.extract(bytes, options);
  }
}

/** Holds every extraction until released (or aborted), so tests can act while a job runs. */
export class GatedExtractor implements Extractor {
  readonly mediaTypes: readonly MediaType[] = ['application/pdf'];
  started = 0;
  aborted = 0;
  readonly #real = new InProcessExtractor();
  #release: (() => void) | undefined;
  readonly #gate = new Promise<void>((resolve) => (this.#release = resolve));

  release(): void {
    this.#release?.();
  }

  async extract(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
    this.started += 1;
    options.onPage(0, 1);
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.aborted += 1;
        reject(options.signal.reason as Error);
      };
      options.signal.addEventListener('abort', onAbort, { once: true });
      void this.#gate.then(() => {
        options.signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
    return this.#real.extract(bytes, options);
  }
}

/** Never finishes unless aborted: for the processing time limit. */
export class HangingExtractor implements Extractor {
  readonly mediaTypes: readonly MediaType[] = ['application/pdf'];
  async extract(_bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
    return new Promise((_resolve, reject) => {
      options.signal.addEventListener('abort', () => reject(options.signal.reason as Error), {
        once: true,
      });
    });
  }
}

/** Throws a plain (non-service) error: an unexpected bug, which is retried like a crash. */
export class BuggyExtractor implements Extractor {
  readonly mediaTypes: readonly MediaType[] = ['application/pdf'];
  calls = 0;
  constructor(private readonly message: string) {}
  async extract(): Promise<ExtractedDocument> {
    this.calls += 1;
    throw new TypeError(this.message);
  }
}
