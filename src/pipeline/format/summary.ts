import type { LabResult, Summary } from '../../domain/result.js';
import { labTestOf } from '../interpret/labs/lab-catalogue.js';

export const DISCLAIMER =
  'This summary explains what your report says; it is not a diagnosis or medical advice. Results outside a reference range are common and often harmless. Talk to your doctor about what your results mean for you.';

const DIRECTION: Readonly<Record<NonNullable<LabResult['flag']>, string>> = {
  low: 'below the reference range',
  high: 'above the reference range',
  critical_low: 'far below the reference range (marked critical)',
  critical_high: 'far above the reference range (marked critical)',
  abnormal: 'marked as abnormal',
  normal: 'within the reference range',
};
const CRITICAL = new Set<LabResult['flag']>(['critical_low', 'critical_high']);

/**
 * A plain-language summary of the lab findings: a count, then one item per result outside its
 * range (critical ones first), saying which way and by how much, and what the test measures.
 * It describes; it never names a condition. A provider's explanation of a result (Claude) replaces
 * the catalogue's sentence about the test; the count, direction and size stay the engine's.
 */
export function summarise(
  labs: readonly LabResult[],
  explanations: ReadonlyMap<number, string> = new Map(),
): Summary {
  const flagged = labs
    .map((lab, index) => ({ lab, index }))
    .filter(({ lab }) => lab.flag !== null && lab.flag !== 'normal')
    .sort((a, b) => Number(CRITICAL.has(b.lab.flag)) - Number(CRITICAL.has(a.lab.flag)));
  const assessed = labs.filter((lab) => lab.flag !== null).length;
  return {
    headline: headline(labs.length, assessed, flagged.length),
    items: flagged.map(({ lab, index }) => ({
      text: describe(lab, explanations.get(index)),
      refs: [`#/labs/${index}`],
    })),
    disclaimer: DISCLAIMER,
  };
}

function headline(total: number, assessed: number, flagged: number): string {
  if (total === 0) return 'No lab results were recognised in this document.';
  const noun = total === 1 ? 'result' : 'results';
  if (assessed === 0)
    return `${total} lab ${noun} found; none had a reference range to compare with.`;
  if (flagged === 0) return `All ${assessed} lab ${noun} with a reference range are within it.`;
  return `${flagged} of ${total} ${noun} ${flagged === 1 ? 'is' : 'are'} outside the reference range.`;
}

/** `explanation`, from a provider, replaces the catalogue's sentence on what the test measures. */
function describe(lab: LabResult, explanation?: string): string {
  const flag = lab.flag ?? 'abnormal';
  const value = [lab.valueText, lab.unit].filter(Boolean).join(' ');
  const range = lab.referenceRange ? `; reference range ${lab.referenceRange.text}` : '';
  const size = magnitude(lab);
  const test = labTestOf(lab);
  const explains =
    explanation !== undefined
      ? ` ${explanation}`
      : test === undefined
        ? ''
        : ` ${test.display} measures ${test.explains}.`;
  return `${lab.name} is ${DIRECTION[flag]} (${value}${range})${size}.${explains}`;
}

/** How far outside the range: a share of the limit, or a multiple when it is far above. */
function magnitude(lab: LabResult): string {
  const { value, referenceRange: range, comparator } = lab;
  if (value === null || range === undefined || comparator !== undefined) return '';
  if (range.low !== undefined && value < range.low && range.low > 0) {
    const share = Math.round(((range.low - value) / range.low) * 100);
    return share < 1 ? ', just under the lower limit' : `, about ${share}% under the lower limit`;
  }
  if (range.high !== undefined && value > range.high && range.high > 0) {
    const ratio = value / range.high;
    if (ratio >= 2) return `, about ${ratio.toFixed(1)} times the upper limit`;
    const share = Math.round((ratio - 1) * 100);
    return share < 1 ? ', just over the upper limit' : `, about ${share}% over the upper limit`;
  }
  return '';
}
