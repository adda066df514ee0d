import sharp from 'sharp';
import { ServiceError } from '../../domain/errors.js';
import type { MediaType } from '../../domain/media-type.js';
import type { ExtractedDocument, ExtractedPage } from './extractor.port.js';
import { decodeHeic } from './ocr/heic.js';
import { mapSharpError, prepareImage, type RawImage } from './ocr/image-prep.js';
import type { OcrOutput } from './ocr/tesseract.engine.js';
import { openPdf, paintsImages, renderPage, textRuns, type PdfPage } from './pdf/pdf-reader.js';
import { runsToLines, type TextRun } from './text-layout.js';

/** Recognises text in a prepared (grayscale PNG) image. */
export interface OcrEngine {
  recognize(png: Buffer): Promise<OcrOutput>;
}

export interface ReadOptions {
  readonly maxPages: number;
  /** Largest image accepted, in pixels, checked before decoding. */
  readonly maxPixels: number;
  readonly signal: AbortSignal;
  readonly onPage: (page: number, pages: number) => void;
}

/** Scanned pages are rendered at this resolution for OCR. */
const SCAN_DPI = 300;
/** …but never to more pixels than this (an A4 page at 300 dpi is 8.7 MP). */
const MAX_RENDER_PIXELS = 12_000_000;
/** A page with fewer text-layer characters than this that paints an image is read by OCR. */
const MIN_TEXT_LAYER = 200;
/** Images narrower or lower than this many pixels cannot hold a line of text. */
const MIN_IMAGE_SIDE = 24;
/** Below this mean word confidence, the other three orientations are tried. */
const LOW_CONFIDENCE = 0.5;

/**
 * Reads a document into positioned lines: the PDF text layer where there is one, OCR for
 * scanned pages and for photos. Runs inside an isolated child process.
 */
export class DocumentReader {
  readonly #ocr: OcrEngine;

  constructor(ocr: OcrEngine) {
    this.#ocr = ocr;
  }

  async read(
    bytes: Uint8Array,
    mediaType: MediaType,
    options: ReadOptions,
  ): Promise<ExtractedDocument> {
    switch (mediaType) {
      case 'application/pdf':
        return this.#readPdf(bytes, options);
      case 'image/jpeg':
      case 'image/png':
        return this.#readImage(
          Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          mediaType,
          options,
        );
      case 'image/heic':
      case 'image/heif':
        return this.#readHeic(bytes, mediaType, options);
    }
  }

  async #readPdf(bytes: Uint8Array, options: ReadOptions): Promise<ExtractedDocument> {
    const pdf = await abortable(openPdf(bytes, options.signal), options.signal);
    try {
      const total = pdf.doc.numPages;
      if (total > options.maxPages) throw new ServiceError('too_many_pages');
      const pages: ExtractedPage[] = [];
      const ocrPages: number[] = [];
      for (let number = 1; number <= total; number++) {
        options.signal.throwIfAborted();
        // pdf.js promises may never settle once its document is destroyed: race the signal.
        const page = await abortable(pdf.doc.getPage(number), options.signal);
        const { width, height } = page.getViewport({ scale: 1 });
        const runs = await abortable(textRuns(pdf.lib, page), options.signal);
        const chars = runs.reduce((n, r) => n + r.text.replace(/\s/g, '').length, 0);
        let lines = runsToLines(runs);
        if (
          chars < MIN_TEXT_LAYER &&
          (await abortable(paintsImages(pdf.lib, page), options.signal))
        ) {
          const scanned = await this.#ocrPage(page, options);
          // Keep the text layer when OCR finds less (a logo on a short text page).
          if (scanned.length > 0 && scanned.reduce((n, l) => n + l.text.length, 0) > chars) {
            lines = scanned;
            ocrPages.push(number);
          }
        }
        page.cleanup();
        pages.push({ number, width, height, lines });
        options.onPage(number, total);
      }
      if (pages.every((page) => page.lines.length === 0))
        throw new ServiceError('no_text_found', {
          detail:
            'No readable text was found. If this is a scan or a photo, make sure it is sharp, well lit and upright, then upload it again.',
        });
      return { mediaType: 'application/pdf', pageCount: total, pages, ocrPages };
    } catch (error) {
      options.signal.throwIfAborted();
      throw error instanceof ServiceError
        ? error
        : new ServiceError('corrupt_document', { cause: error });
    } finally {
      await pdf.close();
    }
  }

  async #ocrPage(page: PdfPage, options: ReadOptions) {
    const { image, scale } = await abortable(
      renderPage(page, SCAN_DPI, MAX_RENDER_PIXELS),
      options.signal,
    );
    options.signal.throwIfAborted();
    const { runs, factor } = await this.#recognize(image, options);
    return runsToLines(scaleRuns(runs, 1 / (scale * factor)));
  }

  async #readImage(
    bytes: Buffer,
    mediaType: MediaType,
    options: ReadOptions,
  ): Promise<ExtractedDocument> {
    const meta = await sharp(bytes, { limitInputPixels: options.maxPixels, failOn: 'error' })
      .metadata()
      .catch(mapSharpError);
    return this.#readPicture(
      bytes,
      meta.autoOrient.width,
      meta.autoOrient.height,
      mediaType,
      options,
    );
  }

  /** iPhone photos: HEVC in HEIF, decoded by libheif (WebAssembly); size checked first. */
  async #readHeic(
    bytes: Uint8Array,
    mediaType: MediaType,
    options: ReadOptions,
  ): Promise<ExtractedDocument> {
    const image = await decodeHeic(bytes, options.maxPixels);
    return this.#readPicture(image, image.width, image.height, mediaType, options);
  }

  async #readPicture(
    input: Buffer | RawImage,
    width: number,
    height: number,
    mediaType: MediaType,
    options: ReadOptions,
  ): Promise<ExtractedDocument> {
    if (width * height > options.maxPixels)
      throw new ServiceError('file_too_large', {
        detail: 'The image has too many pixels to process. Upload a smaller photo or a PDF.',
      });
    // No readable line of text fits in fewer pixels (and Tesseract aborts on such images).
    if (width < MIN_IMAGE_SIDE || height < MIN_IMAGE_SIDE)
      throw new ServiceError('no_text_found', {
        detail:
          'The image is too small to contain readable text. Upload the full photo or the PDF.',
      });
    const { runs, factor } = await this.#recognize(input, options);
    const lines = runsToLines(scaleRuns(runs, 1 / factor));
    options.onPage(1, 1);
    if (lines.length === 0)
      throw new ServiceError('no_text_found', {
        detail:
          'No readable text was found in the photo. Take it again in good light, with the whole page flat, sharp and upright.',
      });
    return { mediaType, pageCount: 1, pages: [{ number: 1, width, height, lines }], ocrPages: [1] };
  }

  /** Prepares and recognises an image, trying other orientations when the text reads badly. */
  async #recognize(
    input: Buffer | RawImage,
    options: ReadOptions,
  ): Promise<{ runs: TextRun[]; factor: number }> {
    const prepared = await prepareImage(input, { maxPixels: options.maxPixels });
    options.signal.throwIfAborted();
    let best = await this.#ocr.recognize(prepared.png);
    if (best.confidence >= LOW_CONFIDENCE && best.runs.length >= 3)
      return { runs: best.runs, factor: prepared.scale };
    // A page photographed sideways or upside down (no EXIF orientation to go by).
    for (const angle of [90, 180, 270]) {
      options.signal.throwIfAborted();
      const turned = await sharp(prepared.png)
        .rotate(angle)
        .png({ compressionLevel: 1 })
        .toBuffer();
      const attempt = await this.#ocr.recognize(turned);
      if (score(attempt) > score(best)) best = attempt;
    }
    return { runs: best.runs, factor: prepared.scale };
  }
}

const score = (output: OcrOutput) => output.confidence * output.runs.length;

function scaleRuns(runs: readonly TextRun[], factor: number): TextRun[] {
  return runs.map((run) => ({
    ...run,
    x: run.x * factor,
    y: run.y * factor,
    width: run.width * factor,
    height: run.height * factor,
  }));
}

/** Settles with `work`, or rejects with the signal's reason as soon as it aborts. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  const reason = () => (signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(reason());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error('failed'));
      },
    );
  });
}
