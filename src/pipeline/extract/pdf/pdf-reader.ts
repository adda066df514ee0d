import { createCanvas } from '@napi-rs/canvas';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ServiceError } from '../../../domain/errors.js';
import type { RawImage } from '../ocr/image-prep.js';
import type { TextRun } from '../text-layout.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
export type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

// The legacy build carries the polyfills pdf.js needs on Node; loaded on first use only.
let loaded: Promise<PdfJs> | undefined;
export function pdfjs(): Promise<PdfJs> {
  loaded ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return loaded;
}

export interface OpenPdf {
  readonly lib: PdfJs;
  readonly doc: PdfDocument;
  close(): Promise<void>;
}

/**
 * Opens a PDF with pdf.js: no font faces, no XFA, no scripting (pdf.js 6 has no eval path
 * left; JavaScript and launch actions are viewer features and are never run here).
 */
export async function openPdf(bytes: Uint8Array, signal: AbortSignal): Promise<OpenPdf> {
  const lib = await pdfjs();
  const task = lib.getDocument({
    // pdf.js transfers the buffer to its worker side; give it a copy it may detach.
    data: new Uint8Array(bytes),
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: false,
    stopAtErrors: false,
    verbosity: 0,
    cMapUrl: join(pdfjsRoot, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(pdfjsRoot, 'standard_fonts') + '/',
    wasmUrl: join(pdfjsRoot, 'wasm') + '/',
    iccUrl: join(pdfjsRoot, 'iccs') + '/',
  });
  const abort = () => void task.destroy();
  signal.addEventListener('abort', abort, { once: true });
  try {
    const doc = await task.promise;
    return {
      lib,
      doc,
      close: async () => {
        signal.removeEventListener('abort', abort);
        await task.destroy().catch(() => undefined);
      },
    };
  } catch (error) {
    signal.removeEventListener('abort', abort);
    await task.destroy().catch(() => undefined);
    signal.throwIfAborted();
    throw mapPdfError(error);
  }
}

/** The page's text layer as runs in viewport space (origin top-left, rotation applied). */
export async function textRuns(lib: PdfJs, page: PdfPage): Promise<TextRun[]> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent({ disableNormalization: false });
  const runs: TextRun[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str === '') continue;
    const m = lib.Util.transform(viewport.transform, item.transform) as number[];
    const t = item.transform as number[];
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = m;
    const height = Math.hypot(c, d);
    const scale = Math.hypot(a, b) / Math.max(1e-6, Math.hypot(t[0] ?? 0, t[1] ?? 0));
    const width = item.width * (Number.isFinite(scale) ? scale : 1);
    // Writing direction on the page, counter-clockwise (y points down in viewport space).
    const angle = (Math.atan2(-b, a) * 180) / Math.PI;
    runs.push(
      Math.abs(angle) < 1
        ? { text: item.str, x: e, y: f - height, width, height }
        : { text: item.str, x: e, y: f, width, height, angle },
    );
  }
  return runs;
}

/** Whether the page paints any image (a scan, a photo of a page). */
export async function paintsImages(lib: PdfJs, page: PdfPage): Promise<boolean> {
  const { fnArray } = await page.getOperatorList();
  const imageOps = new Set<number>([
    lib.OPS.paintImageXObject,
    lib.OPS.paintInlineImageXObject,
    lib.OPS.paintImageMaskXObject,
    lib.OPS.paintImageXObjectRepeat,
    lib.OPS.paintInlineImageXObjectGroup,
    lib.OPS.paintImageMaskXObjectGroup,
    lib.OPS.paintImageMaskXObjectRepeat,
    lib.OPS.paintSolidColorImageMask,
  ]);
  return fnArray.some((op) => imageOps.has(op));
}

/**
 * Renders a page for OCR at `dpi`, reduced if that would exceed `maxPixels`. Returns the pixels
 * and the scale from page units to pixels.
 */
export async function renderPage(
  page: PdfPage,
  dpi: number,
  maxPixels: number,
): Promise<{ image: RawImage; scale: number }> {
  const base = page.getViewport({ scale: 1 });
  let scale = dpi / 72;
  const pixels = base.width * base.height * scale * scale;
  if (pixels > maxPixels) scale *= Math.sqrt(maxPixels / pixels);
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  // pdf.js types these with DOM classes, which do not exist here; @napi-rs/canvas implements
  // the same API (pdf.js itself uses it in Node).
  await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
  const { data } = context.getImageData(0, 0, width, height);
  return {
    image: {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width,
      height,
      channels: 4,
    },
    scale,
  };
}

export function mapPdfError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'PasswordException') return new ServiceError('password_protected', { cause: error });
  return new ServiceError('corrupt_document', { cause: error });
}
