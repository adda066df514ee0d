import type { DeidOutcome } from './deid.js';
import type { FloorCheck } from './floors.js';
import type { Counts } from './score/counts.js';
import type { DocumentScore } from './score/document.js';
import type { SourceSummary } from './tally.js';

const rate = (n: number | null | undefined) => (n === null || n === undefined ? '-' : n.toFixed(3));
const int = (n: number | null | undefined) => (n === null || n === undefined ? '-' : String(n));
const tpFpFn = (c: Counts | undefined) => (c === undefined ? '-' : `${c.tp}/${c.fp}/${c.fn}`);

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function labTable(summaries: readonly SourceSummary[]): string {
  return table(
    [
      'labs (test, value, unit)',
      'docs',
      'TP',
      'FP',
      'FN',
      'P',
      'R',
      'F1',
      'flag acc',
      'flags',
      'LOINC acc',
      'analyte',
      'LOINC cov',
      'unit/test miss',
    ],
    summaries
      .filter((s) => s.labs !== null)
      .map((s) => [
        s.source,
        int(s.documents),
        int(s.labs?.tp),
        int(s.labs?.fp),
        int(s.labs?.fn),
        rate(s.labs?.precision),
        rate(s.labs?.recall),
        rate(s.labs?.f1),
        rate(s.flagAccuracy),
        int(s.flagsScored),
        rate(s.loincAccuracy),
        rate(s.loincAnalyteAccuracy),
        rate(s.loincCoverage),
        `${s.unitMisses}/${s.testMisses}`,
      ]),
  );
}

export function otherTable(summaries: readonly SourceSummary[]): string {
  return table(
    [
      'source',
      'docs',
      'med P',
      'med R',
      'med F1',
      'cond P',
      'cond R',
      'cond F1',
      'vital F1',
      'PHI recall',
      'PHI located/unloc.',
      'labs on lab-free',
      'prov. viol./items',
      'value on line',
      'errors',
      's/doc',
    ],
    summaries.map((s) => [
      s.source,
      int(s.documents),
      rate(s.medications?.precision),
      rate(s.medications?.recall),
      rate(s.medications?.f1),
      rate(s.conditions?.precision),
      rate(s.conditions?.recall),
      rate(s.conditions?.f1),
      rate(s.vitals?.f1),
      rate(s.phi?.recall),
      s.phi === null ? '-' : `${s.phi.located}/${s.phi.unlocated}`,
      s.labsOnLabFree === null ? '-' : `${s.labsOnLabFree} (${s.labFreeDocumentsWithLabs} docs)`,
      `${s.provenanceViolations}/${s.provenanceItems}`,
      rate(s.labValueOnCitedLine),
      int(s.errors),
      s.secondsPerDocument.toFixed(2),
    ]),
  );
}

export function deidLine(deid: DeidOutcome): string {
  if (deid.status !== 'measured')
    return `PHI de-identification corpus: ${deid.status} (${deid.reason})`;
  const token =
    deid.token === undefined
      ? ''
      : `; tokens: recall ${rate(deid.token.recall)}, precision ${rate(deid.token.precision)}`;
  return `PHI de-identification corpus (eval/phi-deid.ts): spans: recall ${rate(deid.recall)}, precision ${rate(deid.precision)}, F1 ${rate(deid.f1)}${token}`;
}

export function floorTable(checks: readonly FloorCheck[]): string {
  return table(
    ['floor', 'source', 'metric', 'bound', 'measured'],
    checks.map((c) => [
      c.status.toUpperCase(),
      c.source,
      c.floor.metric,
      c.floor.min === undefined ? `<= ${c.floor.max ?? '-'}` : `>= ${c.floor.min}`,
      c.value === null ? '-' : Number.isInteger(c.value) ? String(c.value) : rate(c.value),
    ]),
  );
}

/** Per-document counts with anonymous document numbers (never names, values or text). */
export function documentTable(docs: readonly DocumentScore[]): string {
  return table(
    [
      'document',
      'labs TP/FP/FN',
      'meds TP/FP/FN',
      'cond TP/FP/FN',
      'vitals TP/FP/FN',
      'PHI det/loc',
      'lab-free labs',
      'prov. viol.',
      'seconds',
      'error',
    ],
    docs.map((d) => [
      d.id,
      tpFpFn(d.labs?.labs),
      tpFpFn(d.medications),
      tpFpFn(d.conditions),
      tpFpFn(d.vitals),
      d.phi === undefined ? '-' : `${d.phi.detected}/${d.phi.located}`,
      int(d.labsOnLabFree),
      int(d.provenance.violations),
      d.seconds.toFixed(2),
      d.error ?? '',
    ]),
  );
}
