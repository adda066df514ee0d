import { createHash } from 'node:crypto';
import type {
  AnalysisResult,
  Condition,
  LabResult,
  Medication,
  Vital,
} from '../../domain/result.js';
import {
  DIASTOLIC,
  LAB_REPORT_CODE,
  LAB_SERVICE_CATEGORY,
  LABORATORY_CATEGORY,
  REFUTED,
  SYSTOLIC,
  UCUM,
  VITAL_CODES,
  VITAL_SIGNS_CATEGORY,
  codeableConcept,
  interpretationOf,
  unitDisplay,
} from './fhir.codes.js';
import type {
  FhirBundle,
  FhirBundleEntry,
  FhirCodeableConcept,
  FhirCondition,
  FhirMedicationStatement,
  FhirObservation,
  FhirObservationComponent,
  FhirQuantity,
  FhirReference,
  FhirReferenceRange,
  FhirResource,
  FhirSimpleQuantity,
  FhirUrn,
} from './fhir.types.js';

/**
 * The result as a FHIR R4 `collection` Bundle: an anonymous Patient (id only) as the subject, a
 * DiagnosticReport over one Observation per lab, an Observation per vital, a
 * MedicationStatement per medication and a Condition per condition.
 *
 * Privacy: no names, identifiers, dates, source lines, `pageTexts` or `phi` spans go in; codes,
 * values, units, ranges and the printed test, drug and condition names do.
 * Ids are derived from the job id, so fetching the same result twice gives the same resources.
 */
export function toFhirBundle(result: AnalysisResult, options: { now?: Date } = {}): FhirBundle {
  const ids = new IdSource(result.jobId);
  const patient = ids.entry('patient', (id) => ({ resourceType: 'Patient' as const, id }));
  const subject: FhirReference = { reference: patient.fullUrl };
  const labs = result.labs.map((lab, i) =>
    ids.entry(`lab/${i}`, (id) => labObservation(id, lab, subject)),
  );
  const report = ids.entry('report', (id) => ({
    resourceType: 'DiagnosticReport' as const,
    id,
    status: 'final' as const,
    category: [LAB_SERVICE_CATEGORY],
    code: LAB_REPORT_CODE,
    subject,
    ...(labs.length === 0 ? {} : { result: labs.map((lab) => ({ reference: lab.fullUrl })) }),
  }));
  const vitals = result.vitals.map((vital, i) =>
    ids.entry(`vital/${i}`, (id) => vitalObservation(id, vital, subject)),
  );
  const medications = result.medications.map((medication, i) =>
    ids.entry(`medication/${i}`, (id) => medicationStatement(id, medication, subject)),
  );
  const conditions = result.conditions.map((condition, i) =>
    ids.entry(`condition/${i}`, (id) => conditionResource(id, condition, subject)),
  );
  return {
    resourceType: 'Bundle',
    id: ids.uuid('bundle'),
    type: 'collection',
    timestamp: (options.now ?? new Date()).toISOString(),
    entry: [patient, report, ...labs, ...vitals, ...medications, ...conditions],
  };
}

/** Name-based UUIDs (RFC 9562 version 8, SHA-256 of job id and key): stable, never colliding. */
class IdSource {
  readonly #jobId: string;
  constructor(jobId: string) {
    this.#jobId = jobId;
  }

  uuid(key: string): string {
    const hash = createHash('sha256').update(`serenya-fhir\0${this.#jobId}\0${key}`).digest();
    hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x80;
    hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
    const hex = hash.subarray(0, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  entry<R extends FhirResource>(key: string, build: (id: string) => R): FhirBundleEntry<R> {
    const id = this.uuid(key);
    return { fullUrl: `urn:uuid:${id}` satisfies FhirUrn, resource: build(id) };
  }
}

/** A quantity in the lab's unit: UCUM system and code only when the unit maps to UCUM. */
function labQuantity(value: number, lab: LabResult): FhirSimpleQuantity {
  const unit = lab.unit ?? lab.ucum;
  return {
    value,
    ...(unit === undefined ? {} : { unit }),
    ...(lab.ucum === undefined ? {} : { system: UCUM, code: lab.ucum }),
  };
}

function labObservation(id: string, lab: LabResult, subject: FhirReference): FhirObservation {
  const value: Pick<FhirObservation, 'valueQuantity' | 'valueString'> =
    lab.value !== null
      ? {
          valueQuantity: {
            ...labQuantity(lab.value, lab),
            ...(lab.comparator === undefined ? {} : { comparator: lab.comparator }),
          },
        }
      : lab.valueText.trim() === ''
        ? {}
        : { valueString: lab.valueText };
  const interpretation = interpretationOf(lab.flag);
  const range = referenceRange(lab);
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [LABORATORY_CATEGORY],
    code: {
      ...(lab.code === undefined ? {} : { coding: [{ ...lab.code }] }),
      text: lab.name,
    },
    subject,
    ...value,
    ...(interpretation === undefined ? {} : { interpretation }),
    ...(range === undefined ? {} : { referenceRange: [range] }),
  };
}

function referenceRange(lab: LabResult): FhirReferenceRange | undefined {
  const printed = lab.referenceRange;
  if (printed === undefined) return undefined;
  const range: FhirReferenceRange = {
    ...(printed.low === undefined ? {} : { low: labQuantity(printed.low, lab) }),
    ...(printed.high === undefined ? {} : { high: labQuantity(printed.high, lab) }),
    ...(printed.text.trim() === '' ? {} : { text: printed.text }),
  };
  // FHIR (ref-1) wants at least a low, a high or a text.
  return Object.keys(range).length === 0 ? undefined : range;
}

/** Vital units are UCUM codes already. */
function vitalQuantity(value: number, unit: string | null): FhirQuantity {
  return unit === null ? { value } : { value, unit: unitDisplay(unit), system: UCUM, code: unit };
}

function vitalObservation(id: string, vital: Vital, subject: FhirReference): FhirObservation {
  const base = {
    resourceType: 'Observation' as const,
    id,
    status: 'final' as const,
    category: [VITAL_SIGNS_CATEGORY],
    code: codeableConcept(VITAL_CODES[vital.kind]),
    subject,
  };
  if (vital.kind === 'blood_pressure') {
    const component: FhirObservationComponent[] = [];
    if (vital.systolic !== undefined)
      component.push({
        code: codeableConcept(SYSTOLIC),
        valueQuantity: vitalQuantity(vital.systolic, vital.unit),
      });
    if (vital.diastolic !== undefined)
      component.push({
        code: codeableConcept(DIASTOLIC),
        valueQuantity: vitalQuantity(vital.diastolic, vital.unit),
      });
    return component.length === 0 ? base : { ...base, component };
  }
  return vital.value === null
    ? base
    : { ...base, valueQuantity: vitalQuantity(vital.value, vital.unit) };
}

function coded(
  name: string,
  coding: { system: string; code: string; display?: string } | undefined,
): FhirCodeableConcept {
  return coding === undefined ? { text: name } : { coding: [{ ...coding }], text: name };
}

/**
 * Status `unknown`: a document listing a drug does not say whether it is still taken (it may
 * be a discharge list, a history or a stopped drug), and `active` would claim that it is.
 */
function medicationStatement(
  id: string,
  medication: Medication,
  subject: FhirReference,
): FhirMedicationStatement {
  const dosage = [medication.dose, medication.route, medication.frequency]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .join(' ');
  return {
    resourceType: 'MedicationStatement',
    id,
    status: 'unknown',
    medicationCodeableConcept: coded(medication.name, medication.code),
    subject,
    ...(dosage === '' ? {} : { dosage: [{ text: dosage }] }),
  };
}

/**
 * A negated condition ("no diabetes") is kept, as a pertinent negative, with verificationStatus
 * `refuted`: a modifier element, so a conformant reader cannot take it for a diagnosis.
 * An affirmed one carries no verificationStatus: the document mentions it, nobody confirmed it.
 */
function conditionResource(
  id: string,
  condition: Condition,
  subject: FhirReference,
): FhirCondition {
  return {
    resourceType: 'Condition',
    id,
    ...(condition.negated ? { verificationStatus: REFUTED } : {}),
    code: coded(condition.name, condition.code),
    subject,
  };
}
