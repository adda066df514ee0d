import type { ExtractedDocument } from '../extractor.port.js';
import type { PageFrame, TextractAnalysis } from './block-index.js';
import { toPages } from './pages.mapper.js';

/**
 * Images carry no page size Textract reports (its geometry is ratios): their pages are placed
 * in a fixed frame; only relative positions matter downstream.
 */
export const IMAGE_FRAME: PageFrame = { width: 1000, height: 1000 };

/**
 * The embedded reading with every page Textract read replaced by Textract's lines, in the
 * embedded page's size; pages Textract did not return (a partial success) stay as they were.
 */
export function mergePages(
  embedded: ExtractedDocument,
  analysis: TextractAnalysis,
): ExtractedDocument {
  const sizes = new Map(embedded.pages.map((page) => [page.number, page]));
  const read = toPages(analysis, (number) => {
    const page = sizes.get(number);
    return page === undefined ? IMAGE_FRAME : { width: page.width, height: page.height };
  }).filter((page) => page.lines.length > 0 && sizes.has(page.number));
  if (read.length === 0) return embedded;
  const replaced = new Map(read.map((page) => [page.number, page]));
  const ocrPages = new Set([...embedded.ocrPages, ...replaced.keys()]);
  return {
    ...embedded,
    pageCount: analysis.pages,
    pages: embedded.pages.map((page) => replaced.get(page.number) ?? page),
    ocrPages: [...ocrPages].sort((a, b) => a - b),
  };
}

/** The document with one more warning. */
export function withWarning(document: ExtractedDocument, warning: string): ExtractedDocument {
  return { ...document, warnings: [...(document.warnings ?? []), warning] };
}
