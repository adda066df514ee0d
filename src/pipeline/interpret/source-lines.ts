import type { ExtractedDocument, TextCell } from '../extract/extractor.port.js';

/**
 * One line of the document as the interpreters read it. `page` and `line` (both 1-based) are the
 * provenance every result item carries: line k of page p is line k of that page's `pageTexts`
 * entry in the result.
 */
export interface SourceLine {
  readonly page: number;
  readonly line: number;
  readonly text: string;
  readonly cells: readonly TextCell[];
  /** 0..1, from OCR word confidences; 1 for a PDF text layer. */
  readonly confidence: number;
}

/** Every line of the document in reading order, numbered as in the result's `pageTexts`. */
export function documentLines(document: ExtractedDocument): SourceLine[] {
  return document.pages.flatMap((page) =>
    page.lines.map((line, index) => ({
      page: page.number,
      line: index + 1,
      text: line.text,
      cells: line.cells,
      confidence: line.confidence,
    })),
  );
}
