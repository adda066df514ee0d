import type { MediaType } from '../../domain/media-type.js';

/** One cell of a line: text separated from its neighbours by a column-sized gap. */
export interface TextCell {
  readonly text: string;
  /** Start and end along the line, in the line's reading frame (page units). */
  readonly x0: number;
  readonly x1: number;
}

/** One line of text in reading order, with its box in page units (origin top-left). */
export interface TextLine {
  /** The cells' text joined by three spaces (cell breaks stay visible). */
  readonly text: string;
  readonly bbox: readonly [x0: number, y0: number, x1: number, y1: number];
  /** 0..1: the mean word confidence for OCR lines; 1 for a PDF text layer. */
  readonly confidence: number;
  readonly cells: readonly TextCell[];
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
  /** What the reader wants the user to know (a provider fell back to the embedded reader). */
  readonly warnings?: readonly string[];
}

export interface ExtractOptions {
  /** The sniffed type of the bytes. */
  readonly mediaType: MediaType;
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
  /** Releases what the extractor holds (child processes, OCR workers). */
  close?(): Promise<void>;
}
