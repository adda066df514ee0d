/**
 * The slice of FHIR R4 (4.0.1) the service emits: only the elements it fills, no extensions.
 * Element names and cardinalities follow http://hl7.org/fhir/R4; test/shared/fhir-schema.test.ts
 * validates every emitted resource against the official JSON schema.
 */

/** A `urn:uuid:` fullUrl; references between entries use it. */
export type FhirUrn = `urn:uuid:${string}`;

export interface FhirCoding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

export interface FhirCodeableConcept {
  readonly coding?: readonly FhirCoding[];
  readonly text?: string;
}

export interface FhirReference {
  readonly reference: FhirUrn;
}

export type FhirComparator = '<' | '<=' | '>=' | '>';

/** SimpleQuantity: a Quantity without a comparator (reference range bounds, components). */
export interface FhirSimpleQuantity {
  readonly value: number;
  /** The unit as printed or displayed. */
  readonly unit?: string;
  /** Present (with `code`) only when the unit is a UCUM code. */
  readonly system?: 'http://unitsofmeasure.org';
  readonly code?: string;
}

export interface FhirQuantity extends FhirSimpleQuantity {
  readonly comparator?: FhirComparator;
}

export interface FhirReferenceRange {
  readonly low?: FhirSimpleQuantity;
  readonly high?: FhirSimpleQuantity;
  readonly text?: string;
}

export interface FhirObservationComponent {
  readonly code: FhirCodeableConcept;
  readonly valueQuantity?: FhirQuantity;
}

/** Carries nothing but its id: the required subject of the other resources, never identifying. */
export interface FhirPatient {
  readonly resourceType: 'Patient';
  readonly id: string;
}

export interface FhirObservation {
  readonly resourceType: 'Observation';
  readonly id: string;
  readonly status: 'final';
  readonly category: readonly FhirCodeableConcept[];
  readonly code: FhirCodeableConcept;
  readonly subject: FhirReference;
  readonly valueQuantity?: FhirQuantity;
  readonly valueString?: string;
  readonly interpretation?: readonly FhirCodeableConcept[];
  readonly referenceRange?: readonly FhirReferenceRange[];
  readonly component?: readonly FhirObservationComponent[];
}

export interface FhirDiagnosticReport {
  readonly resourceType: 'DiagnosticReport';
  readonly id: string;
  readonly status: 'final';
  readonly category: readonly FhirCodeableConcept[];
  readonly code: FhirCodeableConcept;
  readonly subject: FhirReference;
  readonly result?: readonly FhirReference[];
}

export interface FhirDosage {
  readonly text: string;
}

export interface FhirMedicationStatement {
  readonly resourceType: 'MedicationStatement';
  readonly id: string;
  readonly status: 'unknown';
  readonly medicationCodeableConcept: FhirCodeableConcept;
  readonly subject: FhirReference;
  readonly dosage?: readonly FhirDosage[];
}

export interface FhirCondition {
  readonly resourceType: 'Condition';
  readonly id: string;
  /** Only `refuted`, for a condition the document says the patient does not have. */
  readonly verificationStatus?: FhirCodeableConcept;
  readonly code: FhirCodeableConcept;
  readonly subject: FhirReference;
}

export type FhirResource =
  FhirPatient | FhirObservation | FhirDiagnosticReport | FhirMedicationStatement | FhirCondition;

export interface FhirBundleEntry<R extends FhirResource = FhirResource> {
  readonly fullUrl: FhirUrn;
  readonly resource: R;
}

export interface FhirBundle {
  readonly resourceType: 'Bundle';
  readonly id: string;
  readonly type: 'collection';
  /** When the bundle was assembled (ISO 8601 instant), not when anything was measured. */
  readonly timestamp: string;
  readonly entry: FhirBundleEntry[];
}
