import type { LabResult } from '../../domain/result.js';
import type { ExtractedDocument } from '../extract/extractor.port.js';
import type { Interpretation, Interpreter } from './interpreter.port.js';
import { parseLabLine } from './lab-line.parser.js';

/** The embedded interpreter: runs with no network and no key. */
export class LocalInterpreter implements Interpreter {
  readonly engine = { name: 'serenya-local', version: '0.1.0' };

  async interpret(document: ExtractedDocument, signal: AbortSignal): Promise<Interpretation> {
    const labs: LabResult[] = [];
    for (const page of document.pages) {
      signal.throwIfAborted();
      for (const line of page.lines) {
        const lab = parseLabLine(line.text, page.number);
        if (lab !== undefined) labs.push(lab);
      }
    }
    const warnings = labs.length === 0 ? ['No lab results were recognised in this document.'] : [];
    return { labs, medications: [], conditions: [], vitals: [], phi: [], language: null, warnings };
  }
}
