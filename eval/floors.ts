import type { SourceSummary } from './tally.js';

/** The figures a floor can bound (see metricValue for where each comes from). */
export type Metric =
  | 'labF1'
  | 'flagAccuracy'
  | 'loincAccuracy'
  | 'medicationF1'
  | 'conditionF1'
  | 'vitalF1'
  | 'phiRecall'
  | 'labsOnLabFree'
  | 'provenanceViolations'
  | 'errors';

export interface Floor {
  /** A source, a group of sources (eval/documents.ts), 'deid', or '*' (summed over all sources). */
  readonly source: string;
  readonly metric: Metric;
  /** The figure must be at least this (rates) ... */
  readonly min?: number;
  /** ... or at most this (counts that must stay at zero). */
  readonly max?: number;
}

/**
 * The floors `npm run eval` enforces: below any of them it exits 1. They start at the issue's
 * targets; the lead moves them to measured figures (just under what the current engine reaches,
 * so a regression fails) and never above what the engine has been measured to reach. A floor on
 * a source that did not run (no fixtures, --no-ocr, eval/phi-deid.ts absent) is reported as
 * skipped, not failed. Reported but not floored: LOINC accuracy.
 */
export const FLOORS: readonly Floor[] = [
  // Set on 2026-11-23 a little under the figures measured then (in brackets), so a regression
  // fails; OCR keeps the target, as its figure moves a few points with the engine.
  // Text-layer lab reports rendered from Synthea (layouts a, b, c together). [0.997, 1.000]
  { source: 'synthea-text', metric: 'labF1', min: 0.98 },
  { source: 'synthea-text', metric: 'flagAccuracy', min: 0.98 },
  // OCR: scans and photos of Synthea reports and the real labsmart CBC image together. [0.867]
  { source: 'ocr', metric: 'labF1', min: 0.85 },
  // C-CDA narratives: labs as the EHRs print them, vitals, problems. [0.703, 0.865, 0.766]
  { source: 'ccda', metric: 'labF1', min: 0.65 },
  { source: 'ccda', metric: 'vitalF1', min: 0.8 },
  { source: 'ccda', metric: 'conditionF1', min: 0.7 },
  // Medication names: the Synthea medication lists and the C-CDA narratives. [1.000, 0.959]
  { source: 'synthea-text', metric: 'medicationF1', min: 0.95 },
  { source: 'ccda', metric: 'medicationF1', min: 0.92 },
  // Personal details: printed headers of the rendered reports, and the de-identification
  // corpus. [1.000, 1.000, 0.942]
  { source: 'synthea-text', metric: 'phiRecall', min: 0.97 },
  { source: 'ccda', metric: 'phiRecall', min: 0.97 },
  { source: 'deid', metric: 'phiRecall', min: 0.93 },
  // No lab value on documents that contain none.
  { source: 'notes', metric: 'labsOnLabFree', max: 0 },
  // Every item points at an existing line; every document is processed.
  { source: '*', metric: 'provenanceViolations', max: 0 },
  { source: '*', metric: 'errors', max: 0 },
];

export function metricValue(summary: SourceSummary, metric: Metric): number | null {
  switch (metric) {
    case 'labF1':
      return summary.labs?.f1 ?? null;
    case 'flagAccuracy':
      return summary.flagAccuracy;
    case 'loincAccuracy':
      return summary.loincAccuracy;
    case 'medicationF1':
      return summary.medications?.f1 ?? null;
    case 'conditionF1':
      return summary.conditions?.f1 ?? null;
    case 'vitalF1':
      return summary.vitals?.f1 ?? null;
    case 'phiRecall':
      return summary.phi?.recall ?? null;
    case 'labsOnLabFree':
      return summary.labsOnLabFree;
    case 'provenanceViolations':
      return summary.provenanceViolations;
    case 'errors':
      return summary.errors;
  }
}

export interface FloorCheck {
  readonly floor: Floor;
  readonly source: string;
  readonly value: number | null;
  readonly status: 'pass' | 'fail' | 'skipped';
}

/**
 * Checks each floor against the summaries (by source or group name; '*' adds the figure up over
 * the base sources, for counts that must stay at zero). A source that ran but has no value for
 * the metric (nothing to measure) fails: a target that cannot be verified is not met.
 */
export function checkFloors(
  summaries: ReadonlyMap<string, SourceSummary>,
  bases: readonly string[],
  extra: ReadonlyMap<string, Partial<Record<Metric, number | null>>>,
): FloorCheck[] {
  return FLOORS.map((floor): FloorCheck => {
    let value: number | null;
    if (floor.source === '*') {
      const ran = bases.flatMap((b) => summaries.get(b) ?? []);
      if (ran.length === 0) return { floor, source: 'all', value: null, status: 'skipped' };
      const values = ran.map((s) => metricValue(s, floor.metric));
      value = values.includes(null) ? null : values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
    } else {
      const summary = summaries.get(floor.source);
      const measured = extra.get(floor.source);
      if ((summary === undefined || summary.documents === 0) && measured === undefined)
        return { floor, source: floor.source, value: null, status: 'skipped' };
      value =
        summary === undefined
          ? (measured?.[floor.metric] ?? null)
          : metricValue(summary, floor.metric);
    }
    const ok =
      value !== null &&
      (floor.min === undefined || value >= floor.min) &&
      (floor.max === undefined || value <= floor.max);
    return {
      floor,
      source: floor.source === '*' ? 'all' : floor.source,
      value,
      status: ok ? 'pass' : 'fail',
    };
  });
}
