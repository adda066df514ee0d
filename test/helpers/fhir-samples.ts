import type {
  AnalysisResult,
  Condition,
  LabFlag,
  LabResult,
  Medication,
  Vital,
} from '../../src/domain/result.js';

/**
 * Generated analysis results for the FHIR tests (unit and shared suites): every lab, vital,
 * medication and condition shape, plus page text and PHI spans that must never reach a bundle.
 * Codes come from the verified lists below; test/shared/fhir-schema.test.ts checks each against
 * fixtures/reference (LOINC, RxNorm) and the C-CDA ground truth (SNOMED CT).
 */

/** Strings that stand for personal details; no bundle may contain them. */
export const SAMPLE_CANARIES = ['Zelda Quixote-Canary', 'MRN 99887766', '1960-02-29'] as const;
const SOURCE_LINE = `${SAMPLE_CANARIES[0]}, ${SAMPLE_CANARIES[1]}, born ${SAMPLE_CANARIES[2]}`;

export const SAMPLE_LOINC = [
  { code: '718-7', display: 'Hemoglobin [Mass/volume] in Blood', unit: 'g/dL' },
  { code: '2339-0', display: 'Glucose', unit: 'mg/dL' },
  { code: '6298-4', display: 'Potassium', unit: 'mmol/L' },
  { code: '6598-7', display: 'Troponin T, Serum', unit: 'ng/mL' },
  { code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%' },
] as const;
export const SAMPLE_QUALITATIVE_LOINC = {
  code: '73906-0',
  display: 'HIV1+2 IgG Bld Ql EIA.rapid',
} as const;
export const SAMPLE_RXNORM = [
  { code: '314076', display: 'lisinopril 10 MG Oral Tablet' },
  { code: '314231', display: 'Simvastatin 10 MG Oral Tablet' },
] as const;
export const SAMPLE_SNOMED = [
  { code: '44054006', display: 'Diabetes mellitus type 2' },
  { code: '195967001', display: 'Asthma' },
  { code: '59621000', display: 'Essential hypertension' },
] as const;

const LOINC = 'http://loinc.org';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SNOMED = 'http://snomed.info/sct';
const FLAGS: readonly LabFlag[] = [
  'low',
  'high',
  'critical_low',
  'critical_high',
  'normal',
  'abnormal',
  null,
];

function lab(name: string, fields: Partial<LabResult> & Pick<LabResult, 'value'>): LabResult {
  return {
    name,
    valueText: fields.value === null ? 'Negative' : String(fields.value),
    unit: null,
    flag: null,
    flagSource: 'none',
    page: 1,
    line: 1,
    confidence: 0.9,
    ...fields,
  };
}

function base(jobId: string): AnalysisResult {
  return {
    schemaVersion: '1',
    jobId,
    engine: { name: 'serenya-local', version: '0.1.0' },
    document: { mediaType: 'application/pdf', pages: 1, ocrPages: [], language: 'en' },
    labs: [],
    medications: [],
    conditions: [],
    vitals: [],
    summary: { headline: 'No results', items: [], disclaimer: 'Not medical advice.' },
    pageTexts: [{ page: 1, text: SOURCE_LINE }],
    phi: [
      { kind: 'name', page: 1, line: 1, start: 0, end: SAMPLE_CANARIES[0].length },
      { kind: 'identifier', page: 1, line: 1, start: 22, end: 34 },
    ],
    warnings: [],
  };
}

/** Nothing found: the bundle still holds the Patient and the DiagnosticReport. */
export const emptySample = (jobId = 'empty-job'): AnalysisResult => base(jobId);

/** One of everything: coded and uncoded labs, comparators, qualitative, every flag and vital. */
export function richSample(jobId = 'rich-job'): AnalysisResult {
  const [hb, glucose, potassium, troponin, a1c] = SAMPLE_LOINC;
  const labs: LabResult[] = [
    lab('Hemoglobin', {
      code: { system: LOINC, code: hb.code, display: hb.display },
      value: 11.2,
      unit: 'g/dL',
      ucum: 'g/dL',
      referenceRange: { low: 12, high: 15.5, text: '12.0 - 15.5' },
      flag: 'low',
      flagSource: 'printed',
    }),
    lab('Glucose', {
      code: { system: LOINC, code: glucose.code, display: glucose.display },
      value: 412,
      unit: 'mg/dL',
      ucum: 'mg/dL',
      referenceRange: { low: 70, high: 99, text: '70 - 99' },
      flag: 'critical_high',
      flagSource: 'printed',
    }),
    lab('Potassium', {
      code: { system: LOINC, code: potassium.code },
      value: 2.4,
      unit: 'mmol/L',
      ucum: 'mmol/L',
      referenceRange: { low: 3.5, text: '>= 3.5' },
      flag: 'critical_low',
      flagSource: 'computed',
    }),
    lab('Troponin T', {
      code: { system: LOINC, code: troponin.code, display: troponin.display },
      value: 0.01,
      valueText: '<0.01',
      comparator: '<',
      unit: 'ng/mL',
      ucum: 'ng/mL',
      referenceRange: { high: 0.03, text: '< 0.03' },
      flag: 'normal',
      flagSource: 'computed',
    }),
    lab('HbA1c', {
      code: { system: LOINC, code: a1c.code, display: a1c.display },
      value: 15,
      valueText: '>15',
      comparator: '>',
      unit: '%',
      ucum: '%',
      flag: 'high',
    }),
    lab('HIV 1+2 antibodies', {
      code: { system: LOINC, ...SAMPLE_QUALITATIVE_LOINC },
      value: null,
      valueText: 'Reactive',
      referenceRange: { text: 'Non-reactive' },
      flag: 'abnormal',
      flagSource: 'printed',
    }),
    // Printed unit with no UCUM mapping, and a range that is only text.
    lab('Sed rate', {
      value: 22,
      unit: 'mm/hr (Westergren)',
      referenceRange: { text: 'see note' },
    }),
    lab('Urine colour', { value: null, valueText: 'Straw' }),
  ];
  const vitals: Vital[] = [
    {
      kind: 'blood_pressure',
      value: null,
      unit: 'mm[Hg]',
      systolic: 142,
      diastolic: 91,
      page: 1,
      line: 2,
    },
    { kind: 'heart_rate', value: 72, unit: '/min', page: 1, line: 3 },
    { kind: 'temperature', value: 98.6, unit: '[degF]', page: 1, line: 4 },
    { kind: 'weight', value: 81.5, unit: 'kg', page: 1, line: 5 },
    { kind: 'height', value: 70, unit: '[in_i]', page: 1, line: 6 },
    { kind: 'bmi', value: 26.1, unit: 'kg/m2', page: 1, line: 7 },
    { kind: 'oxygen_saturation', value: 97, unit: '%', page: 1, line: 8 },
    { kind: 'respiratory_rate', value: 16, unit: '/min', page: 1, line: 9 },
  ];
  const [lisinopril, simvastatin] = SAMPLE_RXNORM;
  const medications: Medication[] = [
    medication('Lisinopril', {
      code: { system: RXNORM, ...lisinopril },
      dose: '10 mg',
      route: 'oral',
      frequency: 'once daily',
    }),
    medication('Simvastatin', { code: { system: RXNORM, code: simvastatin.code }, dose: '10 mg' }),
    medication('Vitamin D', {}),
  ];
  const [diabetes, asthma, hypertension] = SAMPLE_SNOMED;
  const conditions: Condition[] = [
    condition('Type 2 diabetes', false, { system: SNOMED, ...diabetes }),
    condition('Asthma', true, { system: SNOMED, ...asthma }),
    condition('Hypertension', false, { system: SNOMED, code: hypertension.code }),
    condition('Migraine', true),
    condition('Back pain', false),
  ];
  return { ...base(jobId), labs, vitals, medications, conditions };
}

function medication(name: string, fields: Partial<Medication>): Medication {
  return { name, text: `${SOURCE_LINE}: ${name}`, page: 1, line: 10, confidence: 0.8, ...fields };
}

function condition(name: string, negated: boolean, code?: Condition['code']): Condition {
  return {
    name,
    negated,
    ...(code === undefined ? {} : { code }),
    text: `${SOURCE_LINE} ${negated ? 'denies' : 'has'} ${name}`,
    page: 1,
    line: 11,
    confidence: 0.7,
  };
}

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random mix of the same shapes, from a seed. */
export function randomSample(seed: number): AnalysisResult {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const rich = richSample(`random-${seed}`);
  const some = <T>(items: readonly T[]): T[] => items.filter(() => next() < 0.5);
  const labs = Array.from({ length: Math.floor(next() * 12) }, (): LabResult => {
    const loinc = pick([...SAMPLE_LOINC, undefined]);
    const qualitative = next() < 0.2;
    const value = qualitative ? null : Math.round(next() * 5000) / 100;
    const unit = loinc?.unit ?? pick([null, 'U/L', 'cells/hpf']);
    const low = next() < 0.7 ? Math.round(next() * 100) / 10 : undefined;
    const high = next() < 0.7 ? (low ?? 0) + Math.round(next() * 100) / 10 : undefined;
    return lab(loinc?.display ?? 'Unlisted test', {
      ...(loinc === undefined ? {} : { code: { system: LOINC, code: loinc.code } }),
      value,
      ...(value !== null && next() < 0.2
        ? { comparator: pick(['<', '<=', '>', '>='] as const) }
        : {}),
      unit,
      ...(unit !== null && loinc !== undefined ? { ucum: unit } : {}),
      ...(next() < 0.8
        ? {
            referenceRange: {
              ...(low === undefined ? {} : { low }),
              ...(high === undefined ? {} : { high }),
              text: next() < 0.9 ? `${low ?? ''} - ${high ?? ''}` : '',
            },
          }
        : {}),
      flag: pick(FLAGS),
    });
  });
  return {
    ...rich,
    labs,
    vitals: some(rich.vitals),
    medications: some(rich.medications),
    conditions: some(rich.conditions),
  };
}
