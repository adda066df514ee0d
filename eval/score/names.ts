import { matchGreedy, type Counts } from './counts.js';
import { containsTokens, tokens } from './normalise.js';

/** SNOMED semantic tags ("(disorder)") some sources leave on a display name. */
const SEMANTIC_TAG =
  /\s*\((disorder|finding|situation|procedure|morphologic abnormality|event)\)\s*$/i;

/**
 * Medication names: the predicted name (normalised, tokens) occurs as consecutive tokens in the
 * source's display, or the display in it. "Acetaminophen" or "acetaminophen 325 mg" both match
 * "Acetaminophen 325 MG Oral Tablet": the service names the drug, the display adds strength and
 * form, and a name is the drug either way.
 */
export function sameMedication(predicted: string, gold: string): boolean {
  const p = tokens(predicted);
  const g = tokens(gold);
  return containsTokens(g, p) || containsTokens(p, g);
}

/**
 * Condition names: one occurs in the other as consecutive tokens (semantic tags dropped) and the
 * shorter covers at least half of the longer's tokens: "hypertension" matches "essential
 * hypertension", "pain" does not match "chronic low back pain".
 */
export function sameCondition(predicted: string, gold: string): boolean {
  const p = tokens(predicted.replace(SEMANTIC_TAG, ''));
  const g = tokens(gold.replace(SEMANTIC_TAG, ''));
  const [short, long] = p.length <= g.length ? [p, g] : [g, p];
  return containsTokens(long, short) && short.length * 2 >= long.length;
}

export function scoreNames(
  predicted: readonly string[],
  gold: readonly string[],
  same: (predicted: string, gold: string) => boolean,
): Counts {
  return matchGreedy(predicted, gold, same).counts;
}
