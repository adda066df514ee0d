import type { LabFlag, VitalKind } from '../../domain/result.js';
import type { FhirCodeableConcept, FhirCoding } from './fhir.types.js';

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
const DIAGNOSTIC_SERVICE = 'http://terminology.hl7.org/CodeSystem/v2-0074';
const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';

export const LABORATORY_CATEGORY: FhirCodeableConcept = {
  coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory', display: 'Laboratory' }],
};
export const VITAL_SIGNS_CATEGORY: FhirCodeableConcept = {
  coding: [{ system: OBSERVATION_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }],
};
/** DiagnosticReport.category: the HL7 diagnostic service section "Laboratory". */
export const LAB_SERVICE_CATEGORY: FhirCodeableConcept = {
  coding: [{ system: DIAGNOSTIC_SERVICE, code: 'LAB', display: 'Laboratory' }],
};
/** No LOINC code for a whole lab report was verified, so the report's code is text only. */
export const LAB_REPORT_CODE: FhirCodeableConcept = { text: 'Laboratory report' };
export const REFUTED: FhirCodeableConcept = {
  coding: [{ system: CONDITION_VERIFICATION, code: 'refuted', display: 'Refuted' }],
};

const INTERPRETATIONS: Readonly<Record<NonNullable<LabFlag>, FhirCoding>> = {
  low: { system: INTERPRETATION, code: 'L', display: 'Low' },
  high: { system: INTERPRETATION, code: 'H', display: 'High' },
  critical_low: { system: INTERPRETATION, code: 'LL', display: 'Critical low' },
  critical_high: { system: INTERPRETATION, code: 'HH', display: 'Critical high' },
  normal: { system: INTERPRETATION, code: 'N', display: 'Normal' },
  abnormal: { system: INTERPRETATION, code: 'A', display: 'Abnormal' },
};

/** Observation.interpretation for a lab flag; none for an unflagged result. */
export function interpretationOf(flag: LabFlag): FhirCodeableConcept[] | undefined {
  return flag === null ? undefined : [{ coding: [INTERPRETATIONS[flag]] }];
}

export interface LoincEntry {
  readonly code: string;
  /** As written in the reference list the code was verified against. */
  readonly display: string;
}

export interface VitalCode {
  readonly text: string;
  /** Only where verified in fixtures/reference/loinc_codes_seen_in_synthea_and_ccda.csv. */
  readonly loinc?: LoincEntry;
}

/**
 * Vital sign codes. Every LOINC entry here is checked against the reference list by
 * test/shared/fhir-schema.test.ts. Oxygen saturation has no verified code: text only.
 */
export const VITAL_CODES: Readonly<Record<VitalKind, VitalCode>> = {
  blood_pressure: { text: 'Blood pressure', loinc: { code: '55284-4', display: 'Blood Pressure' } },
  heart_rate: { text: 'Heart rate', loinc: { code: '8867-4', display: 'Heart Rate' } },
  temperature: { text: 'Body temperature', loinc: { code: '8310-5', display: 'Body Temperature' } },
  weight: { text: 'Body weight', loinc: { code: '29463-7', display: 'Body Weight' } },
  height: { text: 'Body height', loinc: { code: '8302-2', display: 'Body Height' } },
  bmi: { text: 'Body mass index', loinc: { code: '39156-5', display: 'Body Mass Index' } },
  oxygen_saturation: { text: 'Oxygen saturation' },
  respiratory_rate: {
    text: 'Respiratory rate',
    loinc: { code: '9279-1', display: 'Respiratory Rate' },
  },
};

export const SYSTOLIC: VitalCode = {
  text: 'Systolic blood pressure',
  loinc: { code: '8480-6', display: 'BP Systolic' },
};
export const DIASTOLIC: VitalCode = {
  text: 'Diastolic blood pressure',
  loinc: { code: '8462-4', display: 'BP Diastolic' },
};

/** Every LOINC code this module can emit, for the verification test. */
export const EMITTED_LOINC: readonly LoincEntry[] = [
  ...Object.values(VITAL_CODES),
  SYSTOLIC,
  DIASTOLIC,
].flatMap((entry) => (entry.loinc === undefined ? [] : [entry.loinc]));

export function codeableConcept(entry: VitalCode): FhirCodeableConcept {
  return entry.loinc === undefined
    ? { text: entry.text }
    : { coding: [{ system: LOINC, ...entry.loinc }], text: entry.text };
}

/** How the vitals' UCUM codes read on screen; a code not listed reads as itself. */
const UNIT_DISPLAY: Readonly<Record<string, string>> = {
  'mm[Hg]': 'mmHg',
  Cel: '°C',
  '[degF]': '°F',
  '[lb_av]': 'lb',
  '[in_i]': 'in',
};

export const unitDisplay = (ucum: string): string => UNIT_DISPLAY[ucum] ?? ucum;
