import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ccdaDocuments } from './sources/ccda.js';
import { classicReport, reorderedReport, type RenderedReport } from './sources/lab-layouts.js';
import { noteDocuments } from './sources/notes.js';
import { labsmartDocument, scannedDocuments } from './sources/ocr.js';
import { loadSyntheaPatients } from './sources/synthea.js';
import { twoColumnReport } from './sources/two-column-layout.js';
import type { EvalDocument } from './types.js';

export interface BuildOptions {
  /** Include the OCR sources (slow: seconds per page). */
  readonly ocr: boolean;
  /** Lab-free clinical notes to sample. */
  readonly notes: number;
}

/**
 * Synthea reports (patient index from 0, layout) that are also scanned and photographed. OCR
 * takes seconds a page: five reports, two images each, keep the whole run within minutes.
 */
const OCR_PICKS: readonly { patient: number; layout: 'a' | 'b' | 'c' }[] = [
  { patient: 1, layout: 'a' },
  { patient: 6, layout: 'a' },
  { patient: 4, layout: 'b' },
  { patient: 9, layout: 'b' },
  { patient: 7, layout: 'c' },
];

/** Report rows, and the groups summed into one row each (floors may name either). */
export const SOURCES = [
  'synthea-a',
  'synthea-b',
  'synthea-c',
  'ocr-scan',
  'ocr-photo',
  'ocr-labsmart',
  'ccda',
  'notes',
] as const;
export const GROUPS: Readonly<Record<string, readonly string[]>> = {
  'synthea-text': ['synthea-a', 'synthea-b', 'synthea-c'],
  ocr: ['ocr-scan', 'ocr-photo', 'ocr-labsmart'],
};

/** Every evaluation document, rendered in memory from the fixtures (nothing written to disk). */
export async function buildDocuments(
  fixtures: string,
  options: BuildOptions,
): Promise<EvalDocument[]> {
  const documents: EvalDocument[] = [];
  const synthea = join(fixtures, 'synthea');
  const scans: { id: string; bytes: Buffer; gold: RenderedReport['gold'] }[] = [];
  if (existsSync(synthea)) {
    const patients = await loadSyntheaPatients(synthea);
    for (const [index, patient] of patients.entries()) {
      const reports: Record<'a' | 'b' | 'c', RenderedReport> = {
        a: await classicReport(patient),
        b: await reorderedReport(patient),
        // Every other patient gets the European variant (decimal commas, DD.MM.YYYY).
        c: await twoColumnReport(patient, index % 2 === 1),
      };
      for (const layout of ['a', 'b', 'c'] as const) {
        const id = `synthea-${layout}#${index + 1}`;
        const { bytes, gold } = reports[layout];
        documents.push({
          id,
          source: `synthea-${layout}`,
          bytes,
          mediaType: 'application/pdf',
          gold,
        });
        if (OCR_PICKS.some((p) => p.patient === index && p.layout === layout))
          scans.push({ id, bytes, gold });
      }
    }
  }
  if (options.ocr) {
    documents.push(...(await scannedDocuments(scans)));
    const labsmart = join(fixtures, 'lab-reports', 'labsmart-cbc-sample');
    if (existsSync(labsmart)) documents.push(await labsmartDocument(labsmart));
  }
  const ccda = join(fixtures, 'ccda');
  if (existsSync(join(ccda, 'ground-truth'))) documents.push(...(await ccdaDocuments(ccda)));
  const notes = join(fixtures, 'clinical-notes', 'mtsamples.csv');
  if (existsSync(notes) && options.notes > 0)
    documents.push(...(await noteDocuments(notes, options.notes)));
  return documents;
}
