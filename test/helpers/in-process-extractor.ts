import type { MediaType } from '../../src/domain/media-type.js';
import { DocumentReader } from '../../src/pipeline/extract/document-reader.js';
import type {
  ExtractOptions,
  ExtractedDocument,
  Extractor,
} from '../../src/pipeline/extract/extractor.port.js';
import { TesseractEngine } from '../../src/pipeline/extract/ocr/tesseract.engine.js';

/**
 * The document reader in the test's own process, for tests about something else than isolation
 * (the service itself always reads documents in child processes). Close it to stop OCR.
 */
export class InProcessExtractor implements Extractor {
  readonly mediaTypes: readonly MediaType[] = ['application/pdf', 'image/jpeg', 'image/png'];
  readonly #ocr = new TesseractEngine();
  readonly #reader = new DocumentReader(this.#ocr);

  extract(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
    return this.#reader.read(bytes, options.mediaType, { ...options, maxPixels: 50_000_000 });
  }

  close(): Promise<void> {
    return this.#ocr.close();
  }
}
