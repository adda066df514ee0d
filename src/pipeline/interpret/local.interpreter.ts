import type { ExtractedDocument } from '../extract/extractor.port.js';
import type { Interpretation, Interpreter } from './interpreter.port.js';
import { extractLabs } from './labs/lab-extractor.js';
import { detectLanguage } from './language.js';
import { documentLines } from './source-lines.js';

/** The embedded interpreter: runs with no network and no key. */
export class LocalInterpreter implements Interpreter {
  readonly engine = { name: 'serenya-local', version: '0.2.0' };

  async interpret(document: ExtractedDocument, signal: AbortSignal): Promise<Interpretation> {
    signal.throwIfAborted();
    const lines = documentLines(document);
    const labs = extractLabs(lines, signal);
    const warnings = labs.length === 0 ? ['No lab results were recognised in this document.'] : [];
    return Promise.resolve({
      labs,
      medications: [],
      conditions: [],
      vitals: [],
      phi: [],
      language: detectLanguage(lines.map((line) => line.text)),
      warnings,
    });
  }
}
