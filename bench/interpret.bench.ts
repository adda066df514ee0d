// Interpretation time per page against extraction time per page, on the same documents in the
// same run: the embedded engine (labs, medications, conditions, vitals, PHI) must be small next
// to reading the PDF. Documents: lab-report pages (a 25-row table) and clinical-note pages
// (prose with medication and problem lists), 1 and 10 pages.
//
//   npm run bench:interpret
import { DocumentReader } from '../src/pipeline/extract/document-reader.js';
import type { ExtractedDocument } from '../src/pipeline/extract/extractor.port.js';
import { TesseractEngine } from '../src/pipeline/extract/ocr/tesseract.engine.js';
import { LocalInterpreter } from '../src/pipeline/interpret/local.interpreter.js';
import { LAB_TESTS } from '../src/pipeline/interpret/labs/lab-tests.data.js';
import { makeTextPdf } from '../test/helpers/documents.js';

const REPEATS = 7;

async function median(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

function labPage(n: number): string[] {
  const rows = LAB_TESTS.slice(0, 25).map((test, i) => {
    const value = (i * 1.7 + n).toFixed(1);
    return `${test.display}      ${value}      mg/dL      ${i}.0 - ${i + 5}.5      ${i % 4 === 0 ? 'H' : ''}`;
  });
  return [
    `CITY LABORATORY SERVICES    Page ${n}`,
    'Patient: Jane Example    DOB: 01/02/1960    MRN: 0012345',
    'Test      Result      Unit      Reference range      Flag',
    ...rows,
    'Results are reviewed by the laboratory.',
  ];
}

function notePage(n: number): string[] {
  return [
    `DISCHARGE SUMMARY    Page ${n}`,
    'HISTORY OF PRESENT ILLNESS: The patient is a 64-year-old man with hypertension and type 2',
    'diabetes mellitus who presented with chest pain. He denies shortness of breath. No history',
    'of stroke. Blood pressure 150/95 mmHg, pulse 88, temperature 98.6 F, SpO2 96% on room air.',
    'PAST MEDICAL HISTORY: Hypertension. Hyperlipidemia. Atrial fibrillation. Asthma.',
    'MEDICATIONS:',
    '1. Lisinopril 10 mg by mouth once daily.',
    '2. Metformin 500 mg twice daily.',
    '3. Atorvastatin 40 mg at bedtime.',
    '4. Warfarin 5 mg daily.',
    'ALLERGIES: Penicillin.',
    'ASSESSMENT AND PLAN: Chest pain, likely musculoskeletal. Continue current medications.',
    'Follow up with the primary care physician in two weeks.',
  ];
}

const ocr = new TesseractEngine();
const reader = new DocumentReader(ocr);
const interpreter = new LocalInterpreter();
const options = {
  maxPages: 100,
  maxPixels: 50_000_000,
  signal: new AbortController().signal,
  onPage: () => undefined,
};
const lines = [
  'ms per page, median of 7: extraction = pdf.js text layer + layout (in-process); interpretation = the embedded engine',
];
try {
  for (const [kind, make] of [
    ['lab report', labPage],
    ['clinical note', notePage],
  ] as const) {
    for (const pages of [1, 10]) {
      const pdf = await makeTextPdf(Array.from({ length: pages }, (_, i) => make(i + 1)));
      let document: ExtractedDocument | undefined;
      const extract = async () => {
        document = await reader.read(pdf, 'application/pdf', options);
      };
      await extract(); // warm
      const extraction = (await median(extract)) / pages;
      const doc = document;
      if (doc === undefined) throw new Error('nothing extracted');
      const signal = new AbortController().signal;
      await interpreter.interpret(doc, signal); // warm
      const interpretation = (await median(() => interpreter.interpret(doc, signal))) / pages;
      lines.push(
        `  ${kind.padEnd(13)} ${String(pages).padStart(2)} pages: extraction ${extraction.toFixed(2)} ms, interpretation ${interpretation.toFixed(2)} ms, ratio ${(interpretation / extraction).toFixed(2)}x`,
      );
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await ocr.close();
}
