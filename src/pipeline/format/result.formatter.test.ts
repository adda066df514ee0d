import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Value from 'typebox/value';
import { AnalysisResultSchema, type LabResult } from '../../domain/result.js';
import type { ExtractedDocument } from '../extract/extractor.port.js';
import type { Interpretation } from '../interpret/interpreter.port.js';
import { parseLabLine } from '../interpret/lab-line.parser.js';
import { formatResult } from './result.formatter.js';
import { DISCLAIMER } from './summary.js';

const ENGINE = { name: 'serenya-local', version: '0.1.0' };

const ROWS = [
  'Hemoglobin   11.2   g/dL   12.0 - 15.5   L',
  'White Blood Cells   7.4   10^3/uL   4.0 - 11.0',
  'Platelets   250   10^3/uL   150 - 400',
  'Glucose   126   mg/dL   70 - 99   H',
  'Creatinine   0.9   mg/dL   0.6 - 1.2',
];

function document(pages: readonly (readonly string[])[]): ExtractedDocument {
  return {
    mediaType: 'application/pdf',
    pageCount: pages.length,
    pages: pages.map((lines, index) => ({
      number: index + 1,
      width: 595,
      height: 842,
      lines: lines.map((text, i) => ({
        text,
        bbox: [50, 100 + i * 18, 500, 110 + i * 18] as const,
        confidence: 1,
        cells: [{ text, x0: 50, x1: 500 }],
      })),
    })),
    ocrPages: [],
  };
}

function interpretation(labs: LabResult[], warnings: string[] = []): Interpretation {
  return { labs, medications: [], conditions: [], vitals: [], phi: [], language: null, warnings };
}

function labsOf(doc: ExtractedDocument): LabResult[] {
  return doc.pages.flatMap((page) =>
    page.lines.flatMap((line) => parseLabLine(line.text, page.number) ?? []),
  );
}

function checked(result: unknown): void {
  const errors = [...Value.Errors(AnalysisResultSchema, result)];
  assert.ok(Value.Check(AnalysisResultSchema, result), JSON.stringify(errors, null, 2));
}

describe('formatResult', () => {
  const doc = document([['CITY LABORATORY SERVICES', ...ROWS], ['Page 2 of 2']]);
  const labs = labsOf(doc);
  const result = formatResult({
    jobId: 'job-123',
    engine: ENGINE,
    document: doc,
    interpretation: interpretation(labs),
  });

  test('validates against AnalysisResultSchema', () => {
    assert.equal(labs.length, 5);
    checked(result);
  });

  test('carries the version, job, engine and document facts', () => {
    assert.equal(result.schemaVersion, '1');
    assert.equal(result.jobId, 'job-123');
    assert.deepEqual(result.engine, ENGINE);
    assert.notEqual(result.engine, ENGINE, 'engine is copied, not shared');
    assert.deepEqual(result.document, {
      mediaType: 'application/pdf',
      pages: 2,
      ocrPages: [],
      language: null,
    });
  });

  test('labs are passed through in order', () => {
    assert.deepEqual(
      result.labs.map((l) => l.name),
      ['Hemoglobin', 'White Blood Cells', 'Platelets', 'Glucose', 'Creatinine'],
    );
    assert.deepEqual(
      result.labs.map((l) => l.flag),
      ['low', 'normal', 'normal', 'high', 'normal'],
    );
  });

  test('summary counts and points at the flagged labs', () => {
    assert.equal(result.summary.headline, '2 of 5 results are outside the reference range.');
    assert.equal(result.summary.disclaimer, DISCLAIMER);
    const refs = result.summary.items.flatMap((item) => item.refs);
    assert.deepEqual(refs, ['#/labs/0', '#/labs/3']);
    for (const ref of refs) {
      const target = result.labs[Number(ref.split('/').pop())];
      assert.ok(target !== undefined && target.flag !== 'normal' && target.flag !== null);
    }
  });

  test('pageTexts hold every page, lines joined by newlines', () => {
    assert.deepEqual(result.pageTexts, [
      { page: 1, text: ['CITY LABORATORY SERVICES', ...ROWS].join('\n') },
      { page: 2, text: 'Page 2 of 2' },
    ]);
  });

  test('an empty interpretation validates and keeps its warnings', () => {
    const empty = formatResult({
      jobId: 'job-empty',
      engine: ENGINE,
      document: document([['Nothing to see here']]),
      interpretation: interpretation([], ['No lab results were recognised in this document.']),
    });
    checked(empty);
    assert.deepEqual(empty.labs, []);
    assert.deepEqual(empty.warnings, ['No lab results were recognised in this document.']);
    assert.equal(empty.summary.headline, 'No lab results were recognised in this document.');
  });

  test('OCR pages and a language are reported', () => {
    const scanned: ExtractedDocument = { ...document([['a'], ['b']]), ocrPages: [2] };
    const out = formatResult({
      jobId: 'j',
      engine: ENGINE,
      document: scanned,
      interpretation: { ...interpretation([]), language: 'en' },
    });
    checked(out);
    assert.deepEqual(out.document.ocrPages, [2]);
    assert.equal(out.document.language, 'en');
  });

  test('the schema check is meaningful: a broken result does not validate', () => {
    const broken = structuredClone(result);
    const first = broken.labs[0];
    assert.ok(first !== undefined);
    (first as { confidence: number }).confidence = 2;
    assert.equal(Value.Check(AnalysisResultSchema, broken), false);
  });
});
