import type { AnalysisResult } from '../../src/domain/result.js';
import type { GoldPhi } from '../types.js';
import { squashed } from './normalise.js';

export interface PhiScore {
  /** Gold strings found in the extracted text (the rest cannot be scored: OCR misread them). */
  located: number;
  unlocated: number;
  /** Located strings whose letters and digits the predicted spans cover (at least 90%). */
  detected: number;
  /** Letters and digits of located strings, and how many of them predicted spans cover. */
  chars: number;
  charsCovered: number;
}

export const phiScore = (): PhiScore => ({
  located: 0,
  unlocated: 0,
  detected: 0,
  chars: 0,
  charsCovered: 0,
});

/** Recall needs most of a string covered: a name masked but for a letter or two still counts. */
const DETECTED = 0.9;

interface Located {
  readonly page: number;
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

/** Where a gold string sits: the first line holding it, ignoring case and whitespace. */
function locate(
  lines: readonly { page: number; line: number; text: string }[],
  gold: GoldPhi,
): Located | undefined {
  const wanted = squashed(gold.text).text;
  if (wanted === '') return undefined;
  const candidates = gold.page === undefined ? lines : lines.filter((l) => l.page === gold.page);
  for (const l of [...candidates, ...lines]) {
    const s = squashed(l.text);
    const at = s.text.indexOf(wanted);
    if (at < 0) continue;
    const start = s.index[at] ?? 0;
    const end = (s.index[at + wanted.length - 1] ?? start) + 1;
    return { page: l.page, line: l.line, start, end };
  }
  return undefined;
}

/**
 * PHI recall against the strings the document printed (name, birth date, record number, ...):
 * each is located in the result's own page text, then counts as detected when the predicted
 * spans on that line cover at least 90% of its letters and digits. Spans of any kind count: the
 * point is that the detail gets masked.
 */
export function scorePhi(result: AnalysisResult, gold: readonly GoldPhi[]): PhiScore {
  const lines = result.pageTexts.flatMap((p) =>
    p.text.split('\n').map((text, i) => ({ page: p.page, line: i + 1, text })),
  );
  const score = phiScore();
  for (const g of gold) {
    const at = locate(lines, g);
    if (at === undefined) {
      score.unlocated += 1;
      continue;
    }
    score.located += 1;
    const text = lines.find((l) => l.page === at.page && l.line === at.line)?.text ?? '';
    const spans = result.phi.filter((s) => s.page === at.page && s.line === at.line);
    let total = 0;
    let covered = 0;
    for (let i = at.start; i < at.end; i++) {
      if (!/[\p{L}\p{N}]/u.test(text[i] ?? '')) continue;
      total += 1;
      if (spans.some((s) => s.start <= i && i < s.end)) covered += 1;
    }
    score.chars += total;
    score.charsCovered += covered;
    if (total > 0 && covered >= DETECTED * total) score.detected += 1;
  }
  return score;
}
