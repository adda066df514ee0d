import type { LabResult } from '../../../domain/result.js';
import { findLabTest } from '../labs/lab-catalogue.js';
import { parseLabRow } from '../labs/lab-row.parser.js';
import type { NumberStyle } from '../labs/numbers.js';
import type { ProposedLab } from './assistant.port.js';
import { sameName, type GroundTruth } from './grounding.js';

/** Confidence of an item only a provider found: below anything the engine reads itself. */
export const PROPOSED_CONFIDENCE = 0.6;

export interface LabMerge {
  readonly labs: LabResult[];
  readonly explanations: Map<number, string>;
  readonly disagreements: number;
  readonly dropped: number;
}

/**
 * The engine's labs stand as read; a provider's lab on a line where the engine found the same
 * test only contributes its explanation (a different value counts as a disagreement). A lab the
 * engine missed is added when its value is printed on the cited line, and is then parsed by the
 * engine's own row parser from the printed parts, so flags, units and codes follow one rule.
 */
export function mergeLabs(
  local: readonly LabResult[],
  proposed: readonly ProposedLab[],
  ground: GroundTruth,
  style: NumberStyle,
): LabMerge {
  const added: { lab: LabResult; explanation: string | undefined }[] = [];
  const explained = new Map<LabResult, string>();
  let disagreements = 0;
  let dropped = 0;
  for (const proposal of proposed) {
    const match = local.find(
      (lab) =>
        lab.page === proposal.page &&
        lab.line === proposal.line &&
        (sameName(lab.name, proposal.name) || sameTest(lab.name, proposal.name)),
    );
    if (match !== undefined) {
      if (squash(match.valueText) !== squash(proposal.valueText)) disagreements += 1;
      const explanation = cleanExplanation(proposal.explanation);
      if (explanation !== undefined) explained.set(match, explanation);
      continue;
    }
    const lab = groundedLab(proposal, ground, style);
    if (lab === undefined) dropped += 1;
    else added.push({ lab, explanation: cleanExplanation(proposal.explanation) });
  }
  // The engine's order stands; what the provider added follows, in document order.
  const labs = [
    ...local,
    ...added.map((a) => a.lab).sort((a, b) => a.page - b.page || a.line - b.line),
  ];
  const explanations = new Map<number, string>();
  for (const { lab, explanation } of added)
    if (explanation !== undefined) explained.set(lab, explanation);
  labs.forEach((lab, index) => {
    const text = explained.get(lab);
    if (text !== undefined) explanations.set(index, text);
  });
  return { labs, explanations, disagreements, dropped };
}

function groundedLab(
  proposal: ProposedLab,
  ground: GroundTruth,
  style: NumberStyle,
): LabResult | undefined {
  const { page, line } = proposal;
  const source = ground.line(page, line);
  if (source === undefined || !ground.prints(page, line, proposal.valueText)) return undefined;
  const printedName = ground.prints(page, line, proposal.name);
  if (!printedName && findLabTest(proposal.name) === undefined) return undefined;
  const cells = [
    proposal.name,
    proposal.valueText,
    ...(ground.prints(page, line, proposal.unit) ? [proposal.unit ?? ''] : []),
    ...(ground.prints(page, line, proposal.rangeText) ? [proposal.rangeText ?? ''] : []),
  ];
  const lab = parseLabRow(
    {
      page,
      line,
      text: cells.join('   '),
      cells: cells.map((text, i) => ({ text, x0: i * 120, x1: i * 120 + 100 })),
      confidence: source.confidence,
    },
    { style },
  );
  if (lab === undefined) return undefined;
  return { ...lab, confidence: Math.min(lab.confidence, PROPOSED_CONFIDENCE) };
}

function sameTest(a: string, b: string): boolean {
  const x = findLabTest(a);
  return x !== undefined && x === findLabTest(b);
}

const squash = (text: string) => text.replace(/\s+/g, '').toLowerCase();

/** A short explanation with no placeholder in it (it could only echo redacted details). */
function cleanExplanation(text: string | undefined): string | undefined {
  const trimmed = text?.replace(/\s+/g, ' ').trim();
  if (trimmed === undefined || trimmed === '' || trimmed.length > 500) return undefined;
  return /\[(NAME|DATE|ID|ADDRESS|PHONE|EMAIL|AGE)\]/.test(trimmed) ? undefined : trimmed;
}
