import { RESULT_SCHEMA_VERSION, type AnalysisResult } from '../../domain/result.js';
import type { ExtractedDocument } from '../extract/extractor.port.js';
import type { Interpretation } from '../interpret/interpreter.port.js';
import { summarise } from './summary.js';

/** Assembles the result document (schemaVersion "1") from extraction and interpretation. */
export function formatResult(input: {
  jobId: string;
  engine: { name: string; version: string };
  document: ExtractedDocument;
  interpretation: Interpretation;
}): AnalysisResult {
  const { document, interpretation } = input;
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    jobId: input.jobId,
    engine: { ...(interpretation.engine ?? input.engine) },
    document: {
      mediaType: document.mediaType,
      pages: document.pageCount,
      ocrPages: [...document.ocrPages],
      language: interpretation.language,
    },
    labs: interpretation.labs,
    medications: interpretation.medications,
    conditions: interpretation.conditions,
    vitals: interpretation.vitals,
    summary: summarise(interpretation.labs, interpretation.explanations),
    phi: interpretation.phi,
    pageTexts: document.pages.map((page) => ({
      page: page.number,
      text: page.lines.map((line) => line.text).join('\n'),
    })),
    warnings: [...(document.warnings ?? []), ...interpretation.warnings],
  };
}
