import type { AnalysisResult } from '../../src/domain/result.js';
import type { EvalDocument } from '../types.js';
import type { Counts } from './counts.js';
import { scoreLabs, type LabScore } from './labs.js';
import { sameMedication, scoreConditions, scoreNames } from './names.js';
import { scorePhi, type PhiScore } from './phi.js';
import { provenanceScore, scoreProvenance, type ProvenanceScore } from './provenance.js';
import { inScope, type ScopedGold } from './sections.js';
import { scoreVitals } from './vitals.js';

/** What one document scored: counts only (no names, values or text), safe to print. */
export interface DocumentScore {
  readonly id: string;
  readonly source: string;
  readonly seconds: number;
  /** The failure's code when processing failed (every gold item then counts as missed). */
  readonly error?: string;
  readonly labs?: LabScore;
  /** Labs reported on a document that has none. */
  readonly labsOnLabFree?: number;
  readonly medications?: Counts;
  readonly conditions?: Counts;
  readonly vitals?: Counts;
  readonly phi?: PhiScore;
  readonly provenance: ProvenanceScore;
}

const EMPTY: AnalysisResult['labs'] = [];

export function scoreDocument(
  doc: EvalDocument,
  outcome: { result: AnalysisResult } | { error: string },
  seconds: number,
): DocumentScore {
  const result = 'result' in outcome ? outcome.result : undefined;
  const { gold } = doc;
  const missed = (items: readonly unknown[]) => ({ tp: 0, fp: 0, fn: items.length });
  return {
    id: doc.id,
    source: doc.source,
    seconds,
    ...('error' in outcome ? { error: outcome.error } : {}),
    ...(gold.labs === undefined
      ? {}
      : { labs: scoreLabs(result?.labs ?? EMPTY, gold.labs, gold.labNames ?? 'printed') }),
    ...(gold.noLabs === true ? { labsOnLabFree: result?.labs.length ?? 0 } : {}),
    ...(gold.medications === undefined
      ? {}
      : {
          medications:
            result === undefined
              ? missed(gold.medications)
              : scoreNames(result.medications, gold.medications, sameMedication),
        }),
    ...(gold.conditions === undefined
      ? {}
      : {
          conditions:
            result === undefined
              ? missed(gold.conditions)
              : scoreConditions(
                  // A negated condition says the patient does not have it: never a prediction.
                  inScope(
                    result.conditions.filter((c) => !c.negated),
                    result.pageTexts,
                    (gold as ScopedGold).conditionScope,
                  ),
                  gold.conditions,
                  (gold as ScopedGold).conditionCodes,
                ),
        }),
    ...(gold.vitals === undefined
      ? {}
      : {
          vitals:
            result === undefined ? missed(gold.vitals) : scoreVitals(result.vitals, gold.vitals),
        }),
    ...(gold.phi === undefined || result === undefined ? {} : { phi: scorePhi(result, gold.phi) }),
    provenance: result === undefined ? provenanceScore() : scoreProvenance(result),
  };
}
