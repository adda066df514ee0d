import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AnalysisResult, LabResult } from '../../src/domain/result.js';
import type { GoldLab } from '../types.js';
import { prf } from './counts.js';
import { sameTest, sameUnit, scoreLabs } from './labs.js';
import {
  distinctNames,
  sameCondition,
  sameMedication,
  scoreConditions,
  scoreNames,
} from './names.js';
import { inScope, sectionOfLines } from './sections.js';
import { scorePhi } from './phi.js';
import { scoreProvenance } from './provenance.js';
import { sameVital } from './vitals.js';

const lab = (over: Partial<LabResult>): LabResult => ({
  name: 'Hemoglobin',
  value: 13.1,
  valueText: '13.1',
  unit: 'g/dL',
  flag: 'normal',
  flagSource: 'computed',
  page: 1,
  line: 1,
  confidence: 0.9,
  ...over,
});
const gold = (over: Partial<GoldLab>): GoldLab => ({
  name: 'Hemoglobin',
  loinc: '718-7',
  value: 13.1,
  units: ['g/dL'],
  flag: 'normal',
  ...over,
});

const result = (pageText: string, over: Partial<AnalysisResult> = {}): AnalysisResult => ({
  schemaVersion: '1',
  jobId: 'j',
  engine: { name: 't', version: '0' },
  document: { mediaType: 'application/pdf', pages: 1, ocrPages: [], language: null },
  labs: [],
  medications: [],
  conditions: [],
  vitals: [],
  summary: { headline: '', items: [], disclaimer: '' },
  pageTexts: [{ page: 1, text: pageText }],
  phi: [],
  warnings: [],
  ...over,
});

describe('lab matching', () => {
  test('the test matches by printed name, a wrapped first line, or the LOINC code', () => {
    assert.ok(sameTest(lab({ name: 'HEMOGLOBIN:' }), gold({}), 'printed'));
    const wrapped = gold({ name: 'Hemoglobin [Mass/volume] in Blood' });
    assert.ok(sameTest(lab({ name: 'Hemoglobin [Mass/' }), wrapped, 'printed'));
    assert.ok(
      sameTest(
        lab({ name: 'Hb', code: { system: 'http://loinc.org', code: '718-7' } }),
        gold({}),
        'printed',
      ),
    );
    assert.ok(!sameTest(lab({ name: 'Hematocrit' }), gold({}), 'printed'));
    assert.ok(
      sameTest(lab({ name: 'HGB' }), gold({ name: 'HGB Bld-mCnc', loinc: '30313-1' }), 'loose'),
    );
    assert.ok(
      !sameTest(lab({ name: 'Serum total' }), gold({ name: 'Protein total serum' }), 'loose'),
    );
  });

  test('units compare without case, against the printed unit or its UCUM code; none is none', () => {
    assert.ok(sameUnit(lab({ unit: 'G/DL' }), gold({})));
    assert.ok(sameUnit(lab({ unit: '10^3/uL', ucum: '10*3/uL' }), gold({ units: ['10*3/uL'] })));
    assert.ok(sameUnit(lab({ unit: null }), gold({ units: [''] })));
    assert.ok(!sameUnit(lab({ unit: 'mg/dL' }), gold({})));
  });

  test('counts are one-to-one, with flags and codes scored over matched rows', () => {
    const score = scoreLabs(
      [
        lab({ flag: 'high', code: { system: 'http://loinc.org', code: '718-7' } }),
        lab({}),
        lab({ name: 'Glucose', value: 98, valueText: '98', unit: 'mg/dL' }),
        lab({ name: 'Culture', value: null, valueText: 'negative', unit: null }),
      ],
      [gold({}), gold({ name: 'Glucose', loinc: '2339-0', value: 99, units: ['mg/dL'] })],
      'printed',
    );
    assert.deepEqual(score.labs, { tp: 1, fp: 2, fn: 1 });
    assert.deepEqual(score.flags, { hits: 0, total: 1 });
    assert.deepEqual(score.loinc, { hits: 1, total: 1 });
    assert.equal(score.qualitative, 1);
    const { precision, recall, f1 } = prf(score.labs);
    assert.equal(precision, 1 / 3);
    assert.equal(recall, 0.5);
    assert.ok(Math.abs((f1 ?? 0) - 0.4) < 1e-12);
  });

  test('precision is undefined with no prediction, F1 is then 0 if something was expected', () => {
    assert.deepEqual(prf({ tp: 0, fp: 0, fn: 3 }), { precision: null, recall: 0, f1: 0 });
    assert.deepEqual(prf({ tp: 0, fp: 0, fn: 0 }), { precision: null, recall: null, f1: null });
  });
});

test('medication and condition names match as documented', () => {
  assert.ok(sameMedication('Acetaminophen', 'Acetaminophen 325 MG Oral Tablet'));
  assert.ok(
    sameMedication('fluticasone propionate', '120 ACTUAT Fluticasone propionate 0.044 MG/ACTUAT'),
  );
  assert.ok(!sameMedication('Albuterol', 'Acetaminophen 325 MG Oral Tablet'));
  assert.ok(sameCondition('Hypertension', 'Essential hypertension (disorder)'));
  assert.ok(!sameCondition('Pain', 'Chronic low back pain'));
});

test('a combination matches across its strengths, a brand its generic, both ways', () => {
  const combination = 'Enalapril Maleate 10 MG / Hydrochlorothiazide 25 MG Oral Tablet';
  assert.ok(sameMedication('Enalapril Maleate / Hydrochlorothiazide', combination));
  assert.ok(sameMedication('Hydrochlorothiazide', combination));
  assert.ok(!sameMedication('Lisinopril / Hydrochlorothiazide', combination));
  assert.ok(sameMedication('Proventil', 'Albuterol 0.09 MG/ACTUAT inhalant solution'));
  assert.ok(sameMedication('Albuterol', 'Proventil 0.09 MG/ ACTUAT metered dose'));
  assert.ok(sameMedication('Lantus', 'Insulin Glargine 100 UNT/ML Injectable Solution'));
  assert.ok(!sameMedication('Lantus', 'Insulin Lispro 100 UNT/ML Injectable Solution'));
  assert.ok(!sameMedication('Proventil', 'Fluticasone propionate 0.044 MG/ACTUAT'));
});

test('a name printed on several rows is one prediction, one per distinct dose', () => {
  const rows = [
    { name: 'Tamoxifen', dose: '20 mg' },
    { name: 'TAMOXIFEN', dose: '20 MG' },
    { name: 'Tamoxifen' },
    { name: 'Albuterol', dose: '0.417 mg/mL' },
    { name: 'Albuterol', dose: '0.83 mg/mL' },
    { name: 'Aspirin' },
    { name: 'Aspirin' },
  ];
  assert.deepEqual(distinctNames(rows), ['Tamoxifen', 'Albuterol', 'Albuterol', 'Aspirin']);
  const gold = [
    'Tamoxifen 20 MG Oral Tablet',
    'Albuterol 0.417 MG/ML Inhalant Solution',
    'Albuterol 0.83 MG/ML Inhalant Solution',
  ];
  assert.deepEqual(scoreNames(rows, gold, sameMedication), { tp: 3, fp: 1, fn: 0 });
});

test('conditions match by name or by the same SNOMED code', () => {
  const predicted = [
    { name: 'Coronary artery disease', code: { code: '53741008' } },
    { name: 'Asthma' },
    { name: 'Asthma' },
    { name: 'Angina' },
  ];
  const gold = ['Coronary arteriosclerosis', 'Asthma', 'Hypertension'];
  assert.deepEqual(scoreConditions(predicted, gold, ['53741008', undefined, '38341003']), {
    tp: 2,
    fp: 1,
    fn: 1,
  });
  assert.deepEqual(scoreConditions(predicted, gold, undefined), { tp: 1, fp: 2, fn: 2 });
});

test('items are scored only in the sections the truth comes from, titles found in order', () => {
  const pageTexts = [
    { page: 1, text: 'Summary\nProblems\nAsthma\nReview of Systems\nFever' },
    { page: 2, text: 'Hospital Discharge\nDiagnosis\nPneumonia\nProblems' },
  ];
  const titles = ['Problems', 'Review of Systems', 'Hospital Discharge Diagnosis'];
  const sectionOf = sectionOfLines(pageTexts, titles);
  assert.deepEqual(
    [
      [1, 1],
      [1, 3],
      [1, 5],
      [2, 3],
      [2, 4],
    ].map(([p, l]) => sectionOf(p ?? 0, l ?? 0)),
    [-1, 0, 1, 2, 2],
  );
  const items = [
    { name: 'Asthma', page: 1, line: 3 },
    { name: 'Fever', page: 1, line: 5 },
    { name: 'Pneumonia', page: 2, line: 3 },
  ];
  const scope = { titles, scored: [true, false, true] };
  assert.deepEqual(
    inScope(items, pageTexts, scope).map((i) => i.name),
    ['Asthma', 'Pneumonia'],
  );
  assert.equal(inScope(items, pageTexts, undefined).length, 3);
});

test('vitals match on kind, values and a compatible unit', () => {
  const bp = {
    kind: 'blood_pressure' as const,
    value: null,
    unit: 'mm[Hg]',
    systolic: 120,
    diastolic: 80,
    page: 1,
    line: 1,
  };
  assert.ok(
    sameVital(bp, { kind: 'blood_pressure', systolic: 120, diastolic: 80, unit: 'mm[Hg]' }),
  );
  assert.ok(!sameVital(bp, { kind: 'blood_pressure', systolic: 120, diastolic: 75 }));
  const weight = { kind: 'weight' as const, value: 162, unit: '[lb_av]', page: 1, line: 1 };
  assert.ok(sameVital(weight, { kind: 'weight', value: 162, unit: 'lbs' }));
  assert.ok(!sameVital(weight, { kind: 'weight', value: 162, unit: 'kg' }));
});

test('PHI counts as detected when spans cover its letters and digits on its line', () => {
  const text = 'Report\nPatient: Ann Lee   DOB: 01/02/1980\nMRN: 123456';
  const gold = [
    { kind: 'name' as const, text: 'Ann Lee' },
    { kind: 'date' as const, text: '01/02/1980' },
    { kind: 'identifier' as const, text: '123456' },
    { kind: 'identifier' as const, text: 'never printed' },
  ];
  const phi = [
    { kind: 'name' as const, page: 1, line: 2, start: 9, end: 12 },
    { kind: 'name' as const, page: 1, line: 2, start: 13, end: 16 },
    { kind: 'date' as const, page: 1, line: 2, start: 25, end: 31 },
  ];
  const score = scorePhi(result(text, { phi }), gold);
  assert.equal(score.located, 3);
  assert.equal(score.unlocated, 1);
  assert.equal(score.detected, 1);
});

test('provenance: every item must cite an existing line; PHI spans must lie inside it', () => {
  const text = 'Hemoglobin 13.1 g/dL\nGlucose 98 mg/dL';
  const ok = scoreProvenance(
    result(text, {
      labs: [lab({ line: 1 })],
      phi: [{ kind: 'name', page: 1, line: 2, start: 0, end: 7 }],
    }),
  );
  assert.deepEqual(ok, { items: 2, violations: 0, labs: 1, labsValueOnLine: 1 });
  const bad = scoreProvenance(
    result(text, {
      labs: [lab({ line: 3 }), lab({ page: 2 }), lab({ line: 2 })],
      phi: [{ kind: 'name', page: 1, line: 2, start: 5, end: 40 }],
    }),
  );
  assert.equal(bad.violations, 3);
  assert.equal(bad.labsValueOnLine, 0);
});
