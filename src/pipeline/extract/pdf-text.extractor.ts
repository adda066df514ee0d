import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ServiceError } from '../../domain/errors.js';
import type { MediaType } from '../../domain/media-type.js';
import type {
  ExtractOptions,
  ExtractedDocument,
  ExtractedPage,
  Extractor,
} from './extractor.port.js';
import { runsToLines, type TextRun } from './text-layout.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

// The legacy build carries the polyfills pdf.js needs on Node; loaded on first use only.
let loaded: Promise<PdfJs> | undefined;
function pdfjs(): Promise<PdfJs> {
  loaded ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return loaded;
}

/** Reads the text layer of PDFs with pdf.js: no fonts loaded, no scripting, no XFA. */
export class PdfTextExtractor implements Extractor {
  readonly mediaTypes: readonly MediaType[] = ['application/pdf'];

  async extract(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
    const lib = await pdfjs();
    const task = lib.getDocument({
      // pdf.js transfers the buffer to its worker side; give it a copy it may detach.
      data: new Uint8Array(bytes),
      // pdf.js 6 has no eval path left (no PostScript-function compiler); scripting is viewer-only.
      enableXfa: false,
      disableFontFace: true,
      useSystemFonts: false,
      isOffscreenCanvasSupported: false,
      stopAtErrors: false,
      verbosity: 0,
      cMapUrl: join(pdfjsRoot, 'cmaps') + '/',
      cMapPacked: true,
      standardFontDataUrl: join(pdfjsRoot, 'standard_fonts') + '/',
    });
    const abort = () => void task.destroy();
    options.signal.addEventListener('abort', abort, { once: true });
    try {
      const doc = await task.promise;
      if (doc.numPages > options.maxPages) throw new ServiceError('too_many_pages');
      const pages: ExtractedPage[] = [];
      for (let number = 1; number <= doc.numPages; number++) {
        options.signal.throwIfAborted();
        pages.push(await readPage(lib, await doc.getPage(number)));
        options.onPage(number, doc.numPages);
      }
      if (pages.every((page) => page.lines.length === 0))
        throw new ServiceError('no_text_found', {
          detail:
            'This PDF has no text layer (it looks like a scan). Scanned documents are not supported yet; upload the PDF your lab sent, not a scan of it.',
        });
      return { mediaType: 'application/pdf', pageCount: doc.numPages, pages, ocrPages: [] };
    } catch (error) {
      options.signal.throwIfAborted();
      throw mapPdfError(error);
    } finally {
      options.signal.removeEventListener('abort', abort);
      await task.destroy().catch(() => undefined);
    }
  }
}

async function readPage(lib: PdfJs, page: PdfPage): Promise<ExtractedPage> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent({ disableNormalization: false });
  const runs: TextRun[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str === '') continue;
    // Into viewport space: origin top-left, page rotation applied.
    const m = lib.Util.transform(viewport.transform, item.transform) as number[];
    const t = item.transform as number[];
    const height = Math.hypot(m[2] ?? 0, m[3] ?? 0);
    const scaleX =
      Math.hypot(m[0] ?? 0, m[1] ?? 0) / Math.max(1e-6, Math.hypot(t[0] ?? 0, t[1] ?? 0));
    runs.push({
      text: item.str,
      x: m[4] ?? 0,
      y: (m[5] ?? 0) - height,
      width: item.width * (Number.isFinite(scaleX) ? scaleX : 1),
      height,
    });
  }
  page.cleanup();
  return {
    number: page.pageNumber,
    width: viewport.width,
    height: viewport.height,
    lines: runsToLines(runs),
  };
}

function mapPdfError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'PasswordException') return new ServiceError('password_protected', { cause: error });
  return new ServiceError('corrupt_document', { cause: error });
}
