import {
  addCounts,
  addShare,
  counts,
  prf,
  ratio,
  share,
  type Counts,
  type Prf,
} from './score/counts.js';
import type { DocumentScore } from './score/document.js';
import { phiScore } from './score/phi.js';
import { provenanceScore } from './score/provenance.js';

/** Micro-averaged figures of one source (or group of sources). Aggregates only: safe to print. */
export interface SourceSummary {
  readonly source: string;
  readonly documents: number;
  readonly errors: number;
  readonly secondsPerDocument: number;
  readonly labs: (Counts & Prf) | null;
  readonly flagAccuracy: number | null;
  readonly flagsScored: number;
  readonly loincAccuracy: number | null;
  readonly loincCoverage: number | null;
  readonly loincAnalyteAccuracy: number | null;
  readonly loincScored: number;
  readonly qualitativeLabs: number;
  readonly unitMisses: number;
  readonly testMisses: number;
  readonly medications: (Counts & Prf) | null;
  readonly conditions: (Counts & Prf) | null;
  readonly vitals: (Counts & Prf) | null;
  readonly phi: {
    readonly recall: number | null;
    readonly charRecall: number | null;
    readonly located: number;
    readonly unlocated: number;
  } | null;
  /** Labs reported on lab-free documents (must be zero), and on how many documents. */
  readonly labsOnLabFree: number | null;
  readonly labFreeDocumentsWithLabs: number | null;
  readonly provenanceViolations: number;
  readonly provenanceItems: number;
  /** Share of reported labs whose value text is on the line they cite. */
  readonly labValueOnCitedLine: number | null;
}

export function summarise(source: string, docs: readonly DocumentScore[]): SourceSummary {
  const labs = counts();
  const flags = share();
  const loinc = share();
  const coverage = share();
  const analyte = share();
  const meds = counts();
  const conds = counts();
  const vitals = counts();
  const phi = phiScore();
  const prov = provenanceScore();
  let qualitative = 0;
  let unitMisses = 0;
  let testMisses = 0;
  let labFree = 0;
  let labFreeDocs = 0;
  let labFreeWithLabs = 0;
  const has = { labs: false, meds: false, conds: false, vitals: false, phi: false };
  for (const d of docs) {
    if (d.labs !== undefined) {
      has.labs = true;
      addCounts(labs, d.labs.labs);
      addShare(flags, d.labs.flags);
      addShare(loinc, d.labs.loinc);
      addShare(coverage, d.labs.loincCoverage);
      addShare(analyte, d.labs.loincAnalyte);
      qualitative += d.labs.qualitative;
      unitMisses += d.labs.unitMisses;
      testMisses += d.labs.testMisses;
    }
    if (d.labsOnLabFree !== undefined) {
      labFreeDocs += 1;
      labFree += d.labsOnLabFree;
      if (d.labsOnLabFree > 0) labFreeWithLabs += 1;
    }
    if (d.medications !== undefined) {
      has.meds = true;
      addCounts(meds, d.medications);
    }
    if (d.conditions !== undefined) {
      has.conds = true;
      addCounts(conds, d.conditions);
    }
    if (d.vitals !== undefined) {
      has.vitals = true;
      addCounts(vitals, d.vitals);
    }
    if (d.phi !== undefined) {
      has.phi = true;
      for (const key of ['located', 'unlocated', 'detected', 'chars', 'charsCovered'] as const)
        phi[key] += d.phi[key];
    }
    for (const key of ['items', 'violations', 'labs', 'labsValueOnLine'] as const)
      prov[key] += d.provenance[key];
  }
  const withPrf = (c: Counts, present: boolean) => (present ? { ...c, ...prf(c) } : null);
  return {
    source,
    documents: docs.length,
    errors: docs.filter((d) => d.error !== undefined).length,
    secondsPerDocument:
      docs.length === 0 ? 0 : docs.reduce((s, d) => s + d.seconds, 0) / docs.length,
    labs: withPrf(labs, has.labs),
    flagAccuracy: ratio(flags),
    flagsScored: flags.total,
    loincAccuracy: ratio(loinc),
    loincCoverage: ratio(coverage),
    loincAnalyteAccuracy: ratio(analyte),
    loincScored: loinc.total,
    qualitativeLabs: qualitative,
    unitMisses,
    testMisses,
    medications: withPrf(meds, has.meds),
    conditions: withPrf(conds, has.conds),
    vitals: withPrf(vitals, has.vitals),
    phi: has.phi
      ? {
          recall: ratio({ hits: phi.detected, total: phi.located }),
          charRecall: ratio({ hits: phi.charsCovered, total: phi.chars }),
          located: phi.located,
          unlocated: phi.unlocated,
        }
      : null,
    labsOnLabFree: labFreeDocs === 0 ? null : labFree,
    labFreeDocumentsWithLabs: labFreeDocs === 0 ? null : labFreeWithLabs,
    provenanceViolations: prov.violations,
    provenanceItems: prov.items,
    labValueOnCitedLine: ratio({ hits: prov.labsValueOnLine, total: prov.labs }),
  };
}
