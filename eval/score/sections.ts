import type { AnalysisResult } from '../../src/domain/result.js';
import type { Gold } from '../types.js';
import { normalise } from './normalise.js';

/** The section titles a document printed, in order, and which sections hold the truth. */
export interface SectionScope {
  readonly titles: readonly string[];
  readonly scored: readonly boolean[];
}

/** C-CDA gold: conditions are scored only on the lines of the sections their truth comes from. */
export interface ScopedGold extends Gold {
  readonly conditionScope?: SectionScope;
  /** The SNOMED code of each `conditions` name, where the source coded it. */
  readonly conditionCodes?: readonly (string | undefined)[];
}

/**
 * Which section each line of `pageTexts` lies in: titles are found in order, each as a line of
 * its own (or the first lines of a wrapped title); -1 before the first. A title that cannot be
 * found is skipped, its lines counted with the section before.
 */
export function sectionOfLines(
  pageTexts: AnalysisResult['pageTexts'],
  titles: readonly string[],
): (page: number, line: number) => number {
  const lines = pageTexts.flatMap(({ page, text }) =>
    text.split('\n').map((t, i) => ({ key: `${page}:${i + 1}`, text: normalise(t) })),
  );
  const starts: number[] = [];
  let cursor = 0;
  titles.forEach((title, index) => {
    const want = normalise(title);
    for (let i = cursor; i < lines.length; i++) {
      let text = lines[i]?.text ?? '';
      for (let j = i + 1; text !== want && want.startsWith(`${text} `) && j < lines.length; j++)
        text = `${text} ${lines[j]?.text ?? ''}`;
      if (text === want && want !== '') {
        starts[index] = i;
        cursor = i + 1;
        return;
      }
    }
  });
  const sectionAt = new Map<string, number>();
  let current = -1;
  lines.forEach((line, i) => {
    const opened = starts.indexOf(i);
    if (opened >= 0) current = opened;
    sectionAt.set(line.key, current);
  });
  return (page, line) => sectionAt.get(`${page}:${line}`) ?? -1;
}

/** The items printed in a scored section (all of them when there is no scope). */
export function inScope<T extends { page: number; line: number }>(
  items: readonly T[],
  pageTexts: AnalysisResult['pageTexts'],
  scope: SectionScope | undefined,
): T[] {
  if (scope === undefined) return [...items];
  const sectionOf = sectionOfLines(pageTexts, scope.titles);
  return items.filter((item) => scope.scored[sectionOf(item.page, item.line)] === true);
}
