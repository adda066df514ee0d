import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { detectPhi } from '../src/pipeline/interpret/phi/phi-detector.js';
import type { SourceLine } from '../src/pipeline/interpret/source-lines.js';

/**
 * Scores the embedded PHI detector on the PhysioNet deid gold standard (2,434 nursing notes).
 *
 * Files: `id.text` holds records `START_OF_RECORD=patient||||note||||` newline, body,
 * `||||END_OF_RECORD`; `id-phi.phrase` lists gold spans as `patient note start end TYPE text`,
 * where start/end (end exclusive) count UTF-16 code units from the first character after the
 * header's newline. The evaluation checks that every gold span's text is found at its offsets.
 *
 * Matching rule (span level, as the deid paper counts): a gold span is found when a predicted
 * span overlaps it by at least one character; a predicted span is correct when it overlaps at
 * least one gold span. Recall = found gold / gold, precision = correct predicted / predicted.
 * Token level (stricter on precision): tokens are runs of letters and digits; recall = gold
 * tokens covered by a prediction / gold tokens, precision = predicted tokens inside gold / all
 * predicted tokens ("Holy Cross Hospital" predicted for gold "Holy", "Cross" costs "Hospital").
 * The reference Perl tool's own output (`id.phi`) is scored with the same rule for comparison.
 * Nothing here returns or prints note text: only counts.
 */
export interface PhiScore {
  readonly notes: number;
  readonly goldSpans: number;
  readonly predictedSpans: number;
  readonly recall: number;
  readonly precision: number;
  readonly f1: number;
  /** Per gold type (HCPName, Date, Location...): gold spans and how many were found. */
  readonly recallByType: Record<string, { gold: number; found: number }>;
  readonly token: { readonly recall: number; readonly precision: number; readonly f1: number };
  /** The deid package's Perl output (id.phi) under the same span rule, when present. */
  readonly reference?: {
    readonly predictedSpans: number;
    readonly recall: number;
    readonly precision: number;
  };
  readonly millis: number;
}

interface Span {
  readonly start: number;
  readonly end: number;
}
interface GoldSpan extends Span {
  readonly type: string;
}

const RECORD = /START_OF_RECORD=(\d+)\|\|\|\|(\d+)\|\|\|\|\n([\s\S]*?)\|\|\|\|END_OF_RECORD/g;

export async function evaluateDeid(fixturesDir: string): Promise<PhiScore> {
  const text = await readFile(join(fixturesDir, 'id.text'), 'utf8');
  const notes = new Map<string, string>();
  for (const m of text.matchAll(RECORD)) notes.set(`${m[1]}/${m[2]}`, m[3] ?? '');
  const gold = parseGold(await readFile(join(fixturesDir, 'id-phi.phrase'), 'utf8'), notes);

  const started = performance.now();
  const predicted = new Map<string, Span[]>();
  for (const [key, body] of notes) predicted.set(key, predict(body));
  const millis = performance.now() - started;

  const span = scoreSpans(notes, gold, predicted);
  const token = scoreTokens(notes, gold, predicted);
  const reference = await readFile(join(fixturesDir, 'id.phi'), 'utf8').then(
    (phi) => scoreSpans(notes, gold, parseReference(phi)),
    () => undefined,
  );
  return {
    notes: notes.size,
    goldSpans: span.gold,
    predictedSpans: span.predicted,
    recall: span.recall,
    precision: span.precision,
    f1: f1(span.recall, span.precision),
    recallByType: span.byType,
    token: { ...token, f1: f1(token.recall, token.precision) },
    ...(reference && {
      reference: {
        predictedSpans: reference.predicted,
        recall: reference.recall,
        precision: reference.precision,
      },
    }),
    millis,
  };
}

/** The detector's spans for one note, as note offsets (lines become SourceLines of page 1). */
function predict(body: string): Span[] {
  const texts = body.split('\n');
  const starts: number[] = [];
  let at = 0;
  const lines: SourceLine[] = texts.map((lineText, i) => {
    starts.push(at);
    at += lineText.length + 1;
    return { page: 1, line: i + 1, text: lineText, cells: [], confidence: 1 };
  });
  return detectPhi(lines).map((s) => ({
    start: (starts[s.line - 1] ?? 0) + s.start,
    end: (starts[s.line - 1] ?? 0) + s.end,
  }));
}

function parseGold(phrase: string, notes: ReadonlyMap<string, string>): Map<string, GoldSpan[]> {
  const gold = new Map<string, GoldSpan[]>();
  let mismatches = 0;
  for (const row of phrase.split('\n')) {
    const m = /^(\d+) (\d+) (\d+) (\d+) (\S+) ([\s\S]*)$/.exec(row);
    if (!m) continue;
    const key = `${m[1]}/${m[2]}`;
    const span = { start: Number(m[3]), end: Number(m[4]), type: m[5] ?? '' };
    if (notes.get(key)?.slice(span.start, span.end) !== m[6]) mismatches++;
    gold.set(key, [...(gold.get(key) ?? []), span]);
  }
  // The offsets were verified once by hand; fail loudly (without text) if the files change.
  if (mismatches > 0) throw new Error(`deid gold: ${mismatches} spans do not match the note text`);
  return gold;
}

/** id.phi: "Patient P\tNote N" headers, then "start start end" rows. */
function parseReference(phi: string): Map<string, Span[]> {
  const out = new Map<string, Span[]>();
  let key = '';
  for (const row of phi.split('\n')) {
    const header = /^Patient (\d+)\s+Note (\d+)/.exec(row);
    if (header) key = `${header[1]}/${header[2]}`;
    const span = /^(\d+)\s+\d+\s+(\d+)\s*$/.exec(row);
    if (span)
      out.set(key, [...(out.get(key) ?? []), { start: Number(span[1]), end: Number(span[2]) }]);
  }
  return out;
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

function scoreSpans(
  notes: ReadonlyMap<string, string>,
  gold: ReadonlyMap<string, readonly GoldSpan[]>,
  predicted: ReadonlyMap<string, readonly Span[]>,
) {
  const byType: Record<string, { gold: number; found: number }> = {};
  let goldCount = 0;
  let found = 0;
  let predictedCount = 0;
  let correct = 0;
  for (const key of notes.keys()) {
    const g = gold.get(key) ?? [];
    const p = predicted.get(key) ?? [];
    for (const span of g) {
      const hit = p.some((q) => overlaps(q, span));
      const entry = (byType[span.type] ??= { gold: 0, found: 0 });
      entry.gold++;
      goldCount++;
      if (hit) {
        entry.found++;
        found++;
      }
    }
    predictedCount += p.length;
    correct += p.filter((q) => g.some((span) => overlaps(q, span))).length;
  }
  return {
    gold: goldCount,
    predicted: predictedCount,
    recall: ratio(found, goldCount),
    precision: ratio(correct, predictedCount),
    byType,
  };
}

function scoreTokens(
  notes: ReadonlyMap<string, string>,
  gold: ReadonlyMap<string, readonly Span[]>,
  predicted: ReadonlyMap<string, readonly Span[]>,
) {
  let goldTokens = 0;
  let predictedTokens = 0;
  let both = 0;
  for (const [key, body] of notes) {
    const g = gold.get(key) ?? [];
    const p = predicted.get(key) ?? [];
    for (const m of body.matchAll(/[A-Za-z0-9]+/g)) {
      const tok = { start: m.index, end: m.index + m[0].length };
      const inGold = g.some((s) => overlaps(s, tok));
      const inPredicted = p.some((s) => overlaps(s, tok));
      if (inGold) goldTokens++;
      if (inPredicted) predictedTokens++;
      if (inGold && inPredicted) both++;
    }
  }
  return { recall: ratio(both, goldTokens), precision: ratio(both, predictedTokens) };
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const f1 = (r: number, p: number) => (r + p === 0 ? 0 : (2 * r * p) / (r + p));

/** Aggregate figures only, one line per figure. */
export function formatScore(score: PhiScore): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `deid: ${score.notes} notes, ${score.goldSpans} gold spans, ${score.predictedSpans} predicted, ${score.millis.toFixed(0)} ms`,
    `span:  recall ${pct(score.recall)}  precision ${pct(score.precision)}  F1 ${pct(score.f1)}`,
    `token: recall ${pct(score.token.recall)}  precision ${pct(score.token.precision)}  F1 ${pct(score.token.f1)}`,
    ...Object.entries(score.recallByType)
      .sort((a, b) => b[1].gold - a[1].gold)
      .map(
        ([type, { gold, found }]) =>
          `  ${type.padEnd(18)} ${found}/${gold}  ${pct(ratio(found, gold))}`,
      ),
  ];
  if (score.reference) {
    const r = score.reference;
    lines.push(
      `reference deid.pl output (id.phi), same rule: recall ${pct(r.recall)}  precision ${pct(r.precision)}  (${r.predictedSpans} spans)`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2] ?? join(import.meta.dirname, '../../shared/fixtures/deid');
  console.log(formatScore(await evaluateDeid(dir)));
}
