import type { LabResult, Summary } from '../../domain/result.js';

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

/** A plain-language summary of the lab findings: counts, then one item per flagged result. */
export function summarise(labs: readonly LabResult[]): Summary {
  const flagged = labs
    .map((lab, index) => ({ lab, index }))
    .filter(({ lab }) => lab.flag !== null && lab.flag !== 'normal');
  const assessed = labs.filter((lab) => lab.flag !== null).length;
  return {
    headline: headline(labs.length, assessed, flagged.length),
    items: flagged.map(({ lab, index }) => ({ text: describe(lab), refs: [`#/labs/${index}`] })),
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

function describe(lab: LabResult): string {
  const flag = lab.flag ?? 'abnormal';
  const value = [lab.valueText, lab.unit].filter(Boolean).join(' ');
  const range = lab.referenceRange ? `; reference range ${lab.referenceRange.text}` : '';
  return `${lab.name} is ${DIRECTION[flag]} (${value}${range}).`;
}
