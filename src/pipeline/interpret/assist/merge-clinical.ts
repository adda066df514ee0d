import type { Condition, Medication } from '../../../domain/result.js';
import type { ProposedCondition, ProposedMedication } from './assistant.port.js';
import { sameName, type GroundTruth } from './grounding.js';
import { PROPOSED_CONFIDENCE } from './merge-labs.js';

export interface ClinicalMerge<T> {
  readonly items: T[];
  readonly disagreements: number;
  readonly dropped: number;
}

/**
 * Medications: the engine's items stand; a provider fills what the engine left empty (a code,
 * or a dose, route or frequency printed on the line) and adds drugs the engine missed whose name
 * is printed on the cited line.
 */
export function mergeMedications(
  local: readonly Medication[],
  proposed: readonly ProposedMedication[],
  ground: GroundTruth,
): ClinicalMerge<Medication> {
  const items = local.map((m) => ({ ...m }));
  let dropped = 0;
  for (const p of proposed) {
    const printed = (value: string | undefined) =>
      ground.prints(p.page, p.line, value) ? value : undefined;
    const match = items.find(
      (m) => m.page === p.page && m.line === p.line && sameName(m.name, p.name),
    );
    if (match !== undefined) {
      const filled = {
        code: match.code ?? p.code,
        dose: match.dose ?? printed(p.dose),
        route: match.route ?? printed(p.route),
        frequency: match.frequency ?? printed(p.frequency),
      };
      Object.assign(
        match,
        Object.fromEntries(Object.entries(filled).filter(([, value]) => value !== undefined)),
      );
      continue;
    }
    const source = ground.line(p.page, p.line);
    if (source === undefined || !ground.prints(p.page, p.line, p.name)) {
      dropped += 1;
      continue;
    }
    const dose = printed(p.dose);
    const route = printed(p.route);
    const frequency = printed(p.frequency);
    items.push({
      name: p.name.trim(),
      ...(p.code === undefined ? {} : { code: p.code }),
      ...(dose === undefined ? {} : { dose }),
      ...(route === undefined ? {} : { route }),
      ...(frequency === undefined ? {} : { frequency }),
      text: source.text.trim(),
      page: p.page,
      line: p.line,
      confidence: Math.min(p.score ?? PROPOSED_CONFIDENCE, PROPOSED_CONFIDENCE),
    });
  }
  return { items, disagreements: 0, dropped };
}

/**
 * Conditions: the engine's items stand, including whether they are negated (a provider that
 * reads the negation differently counts as a disagreement); a provider fills a missing code and
 * adds conditions the engine missed whose name is printed on the cited line.
 */
export function mergeConditions(
  local: readonly Condition[],
  proposed: readonly ProposedCondition[],
  ground: GroundTruth,
): ClinicalMerge<Condition> {
  const items = local.map((c) => ({ ...c }));
  let disagreements = 0;
  let dropped = 0;
  for (const p of proposed) {
    const match = items.find(
      (c) => c.page === p.page && c.line === p.line && sameName(c.name, p.name),
    );
    if (match !== undefined) {
      if (match.negated !== p.negated) disagreements += 1;
      if (match.code === undefined && p.code !== undefined) match.code = p.code;
      continue;
    }
    const source = ground.line(p.page, p.line);
    if (source === undefined || !ground.prints(p.page, p.line, p.name)) {
      dropped += 1;
      continue;
    }
    items.push({
      name: p.name.trim(),
      ...(p.code === undefined ? {} : { code: p.code }),
      negated: p.negated,
      text: source.text.trim().slice(0, 300),
      page: p.page,
      line: p.line,
      confidence: Math.min(p.score ?? PROPOSED_CONFIDENCE, PROPOSED_CONFIDENCE),
    });
  }
  return { items, disagreements, dropped };
}
