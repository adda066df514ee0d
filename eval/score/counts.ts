/** True and false positives and false negatives; micro-averaged by adding counts. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** A share of a total: accuracy = hits / total. */
export interface Share {
  hits: number;
  total: number;
}

export const counts = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
export const share = (): Share => ({ hits: 0, total: 0 });

export function addCounts(into: Counts, add: Counts): void {
  into.tp += add.tp;
  into.fp += add.fp;
  into.fn += add.fn;
}

export function addShare(into: Share, add: Share): void {
  into.hits += add.hits;
  into.total += add.total;
}

/** Null where undefined: precision with no prediction, recall with no ground truth. */
export interface Prf {
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
}

export function prf(c: Counts): Prf {
  const precision = c.tp + c.fp === 0 ? null : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? null : c.tp / (c.tp + c.fn);
  let f1: number | null = null;
  if (precision !== null && recall !== null)
    f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  // Nothing predicted where something was expected: the F1 is 0, not undefined.
  else if (recall === 0) f1 = 0;
  return { precision, recall, f1 };
}

export const ratio = (s: Share): number | null => (s.total === 0 ? null : s.hits / s.total);

/**
 * One-to-one greedy matching: each gold item takes the first unused prediction that `matches`
 * it. Returns the counts and which predictions and gold items were paired.
 */
export function matchGreedy<P, G>(
  predicted: readonly P[],
  gold: readonly G[],
  matches: (p: P, g: G) => boolean,
): { counts: Counts; pairs: [P, G][]; unmatchedPredicted: P[]; unmatchedGold: G[] } {
  const used = new Set<number>();
  const pairs: [P, G][] = [];
  const unmatchedGold: G[] = [];
  for (const g of gold) {
    const at = predicted.findIndex((p, i) => !used.has(i) && matches(p, g));
    if (at < 0) {
      unmatchedGold.push(g);
      continue;
    }
    used.add(at);
    pairs.push([predicted[at] as P, g]);
  }
  const unmatchedPredicted = predicted.filter((_, i) => !used.has(i));
  return {
    counts: { tp: pairs.length, fp: unmatchedPredicted.length, fn: unmatchedGold.length },
    pairs,
    unmatchedPredicted,
    unmatchedGold,
  };
}
