import type { AnalysisResult } from '../../src/domain/result.js';

export interface ProvenanceScore {
  /** Items checked (labs, medications, conditions, vitals, PHI spans). */
  items: number;
  /** Items whose page or line is not a line of `pageTexts` (or a PHI span outside its line). */
  violations: number;
  /** Labs checked, and those whose printed value text is on the line they cite. */
  labs: number;
  labsValueOnLine: number;
}

export const provenanceScore = (): ProvenanceScore => ({
  items: 0,
  violations: 0,
  labs: 0,
  labsValueOnLine: 0,
});

/** Every item must point at an existing line (1-based page and line) of the result's page text. */
export function scoreProvenance(result: AnalysisResult): ProvenanceScore {
  const pages = new Map(result.pageTexts.map((p) => [p.page, p.text.split('\n')]));
  const lineOf = (page: number, line: number): string | undefined =>
    Number.isInteger(page) && Number.isInteger(line) && line >= 1
      ? pages.get(page)?.[line - 1]
      : undefined;
  const score = provenanceScore();
  const items = [...result.labs, ...result.medications, ...result.conditions, ...result.vitals];
  for (const item of items) {
    score.items += 1;
    if (lineOf(item.page, item.line) === undefined) score.violations += 1;
  }
  for (const span of result.phi) {
    score.items += 1;
    const text = lineOf(span.page, span.line);
    if (text === undefined || span.start < 0 || span.end <= span.start || span.end > text.length)
      score.violations += 1;
  }
  const squash = (s: string) => s.replace(/\s+/g, '');
  for (const lab of result.labs) {
    score.labs += 1;
    const text = lineOf(lab.page, lab.line);
    if (text !== undefined && lab.valueText !== '' && squash(text).includes(squash(lab.valueText)))
      score.labsValueOnLine += 1;
  }
  return score;
}
