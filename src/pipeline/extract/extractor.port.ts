import type { MediaType } from '../../domain/media-type.js';

/** One line of text in reading order, with its box in page units (origin top-left). */
export interface TextLine {
  readonly text: string;
  readonly bbox: readonly [x0: number, y0: number, x1: number, y1: number];
  /** 0..1 for OCR lines; 1 for a PDF text layer. */
  readonly confidence: number;
}

export interface ExtractedPage {
  /** 1-based page number. */
  readonly number: number;
  readonly width: number;
  readonly height: number;
  readonly lines: readonly TextLine[];
}

export interface ExtractedDocument {
  readonly mediaType: MediaType;
  readonly pageCount: number;
  readonly pages: readonly ExtractedPage[];
  /** Pages whose text came from OCR. */
  readonly ocrPages: readonly number[];
}

export interface ExtractOptions {
  readonly maxPages: number;
  readonly signal: AbortSignal;
  /** Called as each page completes. */
  readonly onPage: (page: number, pages: number) => void;
}

/** Turns document bytes into positioned text. Failures are ServiceErrors with a document code. */
export interface Extractor {
  /** The media types this extractor reads. */
  readonly mediaTypes: readonly MediaType[];
  /** Extracts every page's text lines. */
  extract(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument>;
}
