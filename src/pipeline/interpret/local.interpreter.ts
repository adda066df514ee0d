import type { ExtractedDocument } from '../extract/extractor.port.js';
import { extractConditions } from './clinical/conditions.js';
import { extractMedications } from './clinical/medications.js';
import { extractVitals } from './clinical/vitals.js';
import type { Interpretation, Interpreter } from './interpreter.port.js';
import { extractLabs } from './labs/lab-extractor.js';
import { detectLanguage } from './language.js';
import { detectPhi } from './phi/phi-detector.js';
import { documentLines } from './source-lines.js';

/** The warning of a document in which the engine recognised nothing. */
export const NOTHING_FOUND =
  'No lab results or clinical findings were recognised in this document.';

/**
 * The embedded interpreter: runs with no network and no key. Each extractor reads the same
 * numbered lines, so every item it reports points at the line of `pageTexts` it came from.
 */
export class LocalInterpreter implements Interpreter {
  readonly engine = { name: 'serenya-local', version: '0.3.0' };

  async interpret(document: ExtractedDocument, signal: AbortSignal): Promise<Interpretation> {
    signal.throwIfAborted();
    const lines = documentLines(document);
    const labs = extractLabs(lines, signal);
    signal.throwIfAborted();
    const medications = extractMedications(lines);
    const conditions = extractConditions(lines);
    const vitals = extractVitals(lines);
    signal.throwIfAborted();
    const phi = detectPhi(lines);
    const found = labs.length + medications.length + conditions.length + vitals.length;
    const warnings = found === 0 ? [NOTHING_FOUND] : [];
    return Promise.resolve({
      labs,
      medications,
      conditions,
      vitals,
      phi,
      language: detectLanguage(lines.map((line) => line.text)),
      warnings,
    });
  }
}
