import type { LabResult } from '../../src/domain/result.js';
import { labTestOf } from '../../src/pipeline/interpret/labs/lab-catalogue.js';
import type { GoldLab } from '../types.js';
import { matchGreedy, share, type Counts, type Share } from './counts.js';
import {
  containsTokens,
  normalise,
  sameNumber,
  startsWithTokens,
  tokens,
  unitKey,
} from './normalise.js';

export interface LabScore {
  /** (test, value, unit) matches. */
  readonly labs: Counts;
  /** Matched rows whose truth has a flag: predicted flag equal to it. */
  readonly flags: Share;
  /** Matched rows whose truth has a LOINC code: predicted code equal to it. */
  readonly loinc: Share;
  /**
   * Matched rows whose truth has a LOINC code: predicted code of the same analyte (the same
   * catalogue test, e.g. glucose in serum against glucose in blood).
   */
  readonly loincAnalyte: Share;
  /** Matched rows whose truth has a LOINC code: predicted any code at all. */
  readonly loincCoverage: Share;
  /** Predictions with no numeric value (qualitative): left out of the (test, value, unit) score. */
  readonly qualitative: number;
  /** Missed rows for which a leftover prediction had the value and test but another unit. */
  readonly unitMisses: number;
  /** Missed rows for which a leftover prediction had the value and unit but another test. */
  readonly testMisses: number;
}

/** Words too common in lab names to tie a loose name match on their own. */
const GENERIC = new Set(
  'serum plasma blood urine total level count test ratio the and of in by or with auto automated calc calculated'.split(
    ' ',
  ),
);

/**
 * Same test. `printed`: the predicted name normalised equals the printed name (or an alias), or
 * is a token prefix of it (the first line of a wrapped name); `loose` (names from coded entries
 * that the narrative words its own way): equal, either containing the other as consecutive
 * tokens, or sharing one distinctive token of three or more characters. Either way an equal
 * LOINC code is the same test.
 */
export function sameTest(p: LabResult, g: GoldLab, mode: 'printed' | 'loose'): boolean {
  if (g.loinc !== undefined && p.code?.code === g.loinc) return true;
  const pt = tokens(p.name);
  if (pt.length === 0) return false;
  const names = [g.name, ...(g.aliases ?? [])];
  if (mode === 'printed')
    return names.some((n) => normalise(n) === pt.join(' ') || startsWithTokens(tokens(n), pt));
  return names.some((n) => {
    const gt = tokens(n);
    if (gt.length === 0) return false;
    if (containsTokens(gt, pt) || containsTokens(pt, gt)) return true;
    return pt.some((t) => t.length >= 3 && !GENERIC.has(t) && gt.includes(t));
  });
}

/** Same unit: case-insensitive against the printed unit or its UCUM code; '' matches no unit. */
export function sameUnit(p: LabResult, g: GoldLab): boolean {
  const wanted = g.units.map(unitKey);
  const given = [unitKey(p.unit), ...(p.ucum === undefined ? [] : [unitKey(p.ucum)])];
  return given.some((u) => wanted.includes(u));
}

export function scoreLabs(
  predicted: readonly LabResult[],
  gold: readonly GoldLab[],
  mode: 'printed' | 'loose',
): LabScore {
  const numeric = predicted.filter((p) => p.value !== null);
  const same = (p: LabResult, g: GoldLab) => p.value !== null && sameNumber(p.value, g.value);
  const result = matchGreedy(
    numeric,
    gold,
    (p, g) => same(p, g) && sameUnit(p, g) && sameTest(p, g, mode),
  );
  const flags = share();
  const loinc = share();
  const loincCoverage = share();
  const loincAnalyte = share();
  const analyte = (code: string) => labTestOf({ name: '', code: { code } })?.id;
  for (const [p, g] of result.pairs) {
    if (g.flag !== undefined) {
      flags.total += 1;
      if (p.flag === g.flag) flags.hits += 1;
    }
    if (g.loinc !== undefined) {
      loinc.total += 1;
      loincCoverage.total += 1;
      if (p.code?.code === g.loinc) loinc.hits += 1;
      if (p.code !== undefined) loincCoverage.hits += 1;
      loincAnalyte.total += 1;
      const predicted = p.code === undefined ? undefined : analyte(p.code.code);
      if (p.code?.code === g.loinc || (predicted !== undefined && predicted === analyte(g.loinc)))
        loincAnalyte.hits += 1;
    }
  }
  const left = result.unmatchedPredicted;
  const unitMisses = result.unmatchedGold.filter((g) =>
    left.some((p) => same(p, g) && sameTest(p, g, mode) && !sameUnit(p, g)),
  ).length;
  const testMisses = result.unmatchedGold.filter((g) =>
    left.some((p) => same(p, g) && sameUnit(p, g) && !sameTest(p, g, mode)),
  ).length;
  return {
    labs: result.counts,
    flags,
    loinc,
    loincAnalyte,
    loincCoverage,
    qualitative: predicted.length - numeric.length,
    unitMisses,
    testMisses,
  };
}
