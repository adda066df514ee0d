import type { ExtractedDocument } from '../../../src/pipeline/extract/extractor.port.js';

/**
 * An extracted document from rows of cells (one row per line, page 1), as the layout step gives
 * a text-layer PDF: cells joined by three spaces, evenly spaced.
 */
export function extracted(rows: readonly (readonly string[])[]): ExtractedDocument {
  return {
    mediaType: 'application/pdf',
    pageCount: 1,
    ocrPages: [],
    pages: [
      {
        number: 1,
        width: 612,
        height: 792,
        lines: rows.map((cells, i) => ({
          text: cells.join('   '),
          bbox: [40, 40 + i * 14, 560, 52 + i * 14] as const,
          confidence: 1,
          cells: cells.map((text, c) => ({ text, x0: 40 + c * 130, x1: 160 + c * 130 })),
        })),
      },
    ],
  };
}

/** Invented patient details placed in report headers; they must never reach a provider. */
export const CANARIES = {
  first: 'Quilla',
  last: 'Brannock',
  mrn: '48213377',
  phone: '(555) 201-4477',
  street: '1187 Larkspur Row',
} as const;

/** A lab report with a header full of canaries, a results table and a line of prose. */
export const LAB_REPORT_ROWS: readonly (readonly string[])[] = [
  ['Patient Name: Quilla Brannock', 'MRN: 48213377', 'DOB: 03/14/1961'],
  ['Address: 1187 Larkspur Row, Springfield', 'Phone: (555) 201-4477'],
  ['Test', 'Result', 'Units', 'Reference Range'],
  ['Hemoglobin', '11.2', 'g/dL', '13.0-17.0'],
  ['Glucose', '98', 'mg/dL', '70-99'],
  ['Serum ferritin level measured at 8 ng/mL this morning, lab range 30-400'],
];
