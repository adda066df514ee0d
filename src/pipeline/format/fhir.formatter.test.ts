import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Value from 'typebox/value';
import { AnalysisResultSchema, type AnalysisResult } from '../../domain/result.js';
import { EMITTED_LOINC } from './fhir.codes.js';
import { toFhirBundle } from './fhir.formatter.js';
import {
  SAMPLE_CANARIES,
  emptySample,
  randomSample,
  richSample,
} from '../../../test/helpers/fhir-samples.js';
import type {
  FhirBundle,
  FhirCondition,
  FhirDiagnosticReport,
  FhirMedicationStatement,
  FhirObservation,
  FhirResource,
} from './fhir.types.js';

const NOW = new Date('2030-01-02T03:04:05.000Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
/** The HL7 v3 ObservationInterpretation code expected for each flag (the spec, written out). */
const EXPECTED_INTERPRETATION = {
  low: 'L',
  high: 'H',
  critical_low: 'LL',
  critical_high: 'HH',
  normal: 'N',
  abnormal: 'A',
} as const;

function resources<T extends FhirResource['resourceType']>(
  bundle: FhirBundle,
  type: T,
): Extract<FhirResource, { resourceType: T }>[] {
  return bundle.entry
    .map((entry) => entry.resource)
    .filter((r): r is Extract<FhirResource, { resourceType: T }> => r.resourceType === type);
}

const category = (o: FhirObservation) => o.category[0]?.coding?.[0]?.code;

/** Every `reference` string anywhere in a value. */
function references(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(references);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'reference' && typeof inner === 'string' ? [inner] : references(inner),
  );
}

/** Every key anywhere in a value. */
function keys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keys);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keys(inner)]);
}

/** The structural rules every bundle obeys, whatever the result. */
function assertWellFormed(result: AnalysisResult, bundle: FhirBundle): void {
  assert.ok(Value.Check(AnalysisResultSchema, result), 'the sample is a valid result');
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.type, 'collection');
  assert.match(bundle.id, UUID);
  const urls = bundle.entry.map((entry) => entry.fullUrl);
  assert.equal(new Set(urls).size, urls.length, 'fullUrls are unique');
  for (const entry of bundle.entry) {
    assert.match(entry.resource.id, UUID);
    assert.equal(entry.fullUrl, `urn:uuid:${entry.resource.id}`);
  }
  const refs = references(bundle);
  for (const ref of refs) assert.ok(urls.includes(ref as `urn:uuid:${string}`), 'resolves');

  const [patient, ...morePatients] = resources(bundle, 'Patient');
  assert.equal(morePatients.length, 0);
  assert.deepEqual(Object.keys(patient ?? {}).sort(), ['id', 'resourceType']);
  const subject = `urn:uuid:${patient?.id ?? ''}`;

  const observations = resources(bundle, 'Observation');
  const labs = observations.filter((o) => category(o) === 'laboratory');
  const vitals = observations.filter((o) => category(o) === 'vital-signs');
  assert.equal(labs.length, result.labs.length);
  assert.equal(vitals.length, result.vitals.length);
  assert.equal(observations.length, labs.length + vitals.length);
  assert.equal(resources(bundle, 'MedicationStatement').length, result.medications.length);
  assert.equal(resources(bundle, 'Condition').length, result.conditions.length);
  assert.equal(
    bundle.entry.length,
    2 + observations.length + result.medications.length + result.conditions.length,
  );

  const reports = resources(bundle, 'DiagnosticReport');
  assert.equal(reports.length, 1);
  const report = reports[0];
  assert.ok(report !== undefined);
  assert.equal(report.status, 'final');
  const labUrls = labs.map((o) => `urn:uuid:${o.id}`);
  assert.deepEqual(report.result?.map((r) => r.reference) ?? [], labUrls);
  if (result.labs.length === 0) assert.equal(report.result, undefined, 'no empty arrays');

  for (const entry of bundle.entry) {
    if (entry.resource.resourceType !== 'Patient')
      assert.equal(entry.resource.subject.reference, subject);
  }
  labs.forEach((observation, i) => assertLab(result.labs[i], observation));
  assertNoPhi(bundle);
  // Every LOINC code comes from the result (already verified upstream) or the verified table.
  const known = new Set([
    ...EMITTED_LOINC.map((e) => e.code),
    ...result.labs.flatMap((lab) => (lab.code === undefined ? [] : [lab.code.code])),
  ]);
  const json = JSON.stringify(bundle);
  for (const [, code] of json.matchAll(/"system":"http:\/\/loinc\.org","code":"([^"]+)"/g))
    assert.ok(known.has(code ?? ''), `LOINC ${code ?? ''} is verified`);
}

function assertLab(lab: AnalysisResult['labs'][number] | undefined, o: FhirObservation): void {
  assert.ok(lab !== undefined);
  assert.equal(o.status, 'final');
  assert.equal(o.code.text, lab.name);
  assert.deepEqual(o.code.coding, lab.code === undefined ? undefined : [lab.code]);
  if (lab.value === null) {
    assert.equal(o.valueQuantity, undefined);
    assert.equal(o.valueString, lab.valueText.trim() === '' ? undefined : lab.valueText);
  } else {
    const q = o.valueQuantity;
    assert.equal(q?.value, lab.value);
    assert.equal(q.comparator, lab.comparator);
    assert.equal(q.unit, lab.unit ?? lab.ucum);
    assert.equal(q.code, lab.ucum);
    assert.equal(q.system, lab.ucum === undefined ? undefined : 'http://unitsofmeasure.org');
    assert.equal(o.valueString, undefined);
  }
  const interpretation = o.interpretation?.[0]?.coding?.[0];
  if (lab.flag === null) assert.equal(o.interpretation, undefined);
  else {
    assert.equal(interpretation?.system, INTERPRETATION);
    assert.equal(interpretation.code, EXPECTED_INTERPRETATION[lab.flag]);
  }
  const range = o.referenceRange?.[0];
  const printed = lab.referenceRange;
  assert.equal(range?.low?.value, printed?.low);
  assert.equal(range?.high?.value, printed?.high);
  for (const bound of [range?.low, range?.high])
    if (bound !== undefined) {
      assert.equal(bound.unit, lab.unit ?? lab.ucum);
      assert.equal(bound.code, lab.ucum);
      assert.equal('comparator' in bound, false);
    }
  if (range !== undefined) assert.ok(range.low ?? range.high ?? range.text, 'ref-1');
}

function assertNoPhi(bundle: FhirBundle): void {
  const json = JSON.stringify(bundle);
  for (const canary of SAMPLE_CANARIES) assert.equal(json.includes(canary), false, 'no PHI');
  const forbidden = ['extension', 'modifierExtension', 'name', 'identifier', 'birthDate'];
  for (const key of [...forbidden, 'telecom', 'address', 'pageTexts', 'phi', 'effectiveDateTime'])
    assert.equal(keys(bundle).includes(key), false, `no ${key}`);
}

describe('toFhirBundle', () => {
  test('a rich result: every shape maps, and the structure holds', () => {
    const result = richSample();
    const bundle = toFhirBundle(result, { now: NOW });
    assert.equal(bundle.timestamp, NOW.toISOString());
    assertWellFormed(result, bundle);
    assert.deepEqual(
      resources(bundle, 'Observation')
        .filter((o) => category(o) === 'laboratory')
        .map((o) => o.interpretation?.[0]?.coding?.[0]?.code ?? null),
      ['L', 'HH', 'LL', 'N', 'H', 'A', null, null],
    );
  });

  test('comparators, qualitative values and non-UCUM units', () => {
    const labs = resources(toFhirBundle(richSample()), 'Observation');
    const byName = (name: string) => labs.find((o) => o.code.text === name);
    assert.deepEqual(byName('Troponin T')?.valueQuantity, {
      value: 0.01,
      unit: 'ng/mL',
      system: 'http://unitsofmeasure.org',
      code: 'ng/mL',
      comparator: '<',
    });
    assert.equal(byName('HbA1c')?.valueQuantity?.comparator, '>');
    assert.equal(byName('HIV 1+2 antibodies')?.valueString, 'Reactive');
    assert.deepEqual(byName('HIV 1+2 antibodies')?.referenceRange, [{ text: 'Non-reactive' }]);
    assert.deepEqual(byName('Sed rate')?.valueQuantity, { value: 22, unit: 'mm/hr (Westergren)' });
    assert.deepEqual(byName('Potassium')?.referenceRange, [
      {
        low: { value: 3.5, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
        text: '>= 3.5',
      },
    ]);
  });

  test('vitals: a blood pressure panel with components, LOINC only where verified', () => {
    const vitals = resources(toFhirBundle(richSample()), 'Observation').filter(
      (o) => category(o) === 'vital-signs',
    );
    const bp = vitals.find((o) => o.code.coding?.[0]?.code === '55284-4');
    assert.equal(bp?.valueQuantity, undefined);
    assert.deepEqual(
      bp?.component?.map((c) => [
        c.code.coding?.[0]?.code,
        c.valueQuantity?.value,
        c.valueQuantity?.code,
      ]),
      [
        ['8480-6', 142, 'mm[Hg]'],
        ['8462-4', 91, 'mm[Hg]'],
      ],
    );
    const spo2 = vitals.find((o) => o.code.text === 'Oxygen saturation');
    assert.equal(spo2?.code.coding, undefined);
    assert.deepEqual(spo2?.valueQuantity, {
      value: 97,
      unit: '%',
      system: 'http://unitsofmeasure.org',
      code: '%',
    });
    const temperature = vitals.find((o) => o.code.text === 'Body temperature');
    assert.equal(temperature?.valueQuantity?.code, '[degF]');
  });

  test('medications: status unknown, RxNorm coding when present, dosage text', () => {
    const statements: FhirMedicationStatement[] = resources(
      toFhirBundle(richSample()),
      'MedicationStatement',
    );
    assert.deepEqual(
      statements.map((s) => [
        s.status,
        s.medicationCodeableConcept.text,
        s.medicationCodeableConcept.coding?.[0]?.code,
        s.dosage?.[0]?.text,
      ]),
      [
        ['unknown', 'Lisinopril', '314076', '10 mg oral once daily'],
        ['unknown', 'Simvastatin', '314231', '10 mg'],
        ['unknown', 'Vitamin D', undefined, undefined],
      ],
    );
  });

  test('a negated condition is refuted, never an affirmed diagnosis', () => {
    const result = richSample();
    const conditions: FhirCondition[] = resources(toFhirBundle(result), 'Condition');
    conditions.forEach((condition, i) => {
      const source = result.conditions[i];
      assert.equal(condition.code.text, source?.name);
      assert.equal(
        condition.verificationStatus?.coding?.[0]?.code,
        source?.negated === true ? 'refuted' : undefined,
      );
    });
    assert.equal(conditions.filter((c) => c.verificationStatus !== undefined).length, 2);
  });

  test('an empty result: the Patient and a DiagnosticReport without results', () => {
    const result = emptySample();
    const bundle = toFhirBundle(result);
    assertWellFormed(result, bundle);
    assert.equal(bundle.entry.length, 2);
    const report: FhirDiagnosticReport | undefined = resources(bundle, 'DiagnosticReport')[0];
    assert.deepEqual(report?.code, { text: 'Laboratory report' });
  });

  test('ids are stable for a job and differ between jobs', () => {
    const ids = (b: FhirBundle) => [b.id, ...b.entry.map((e) => e.fullUrl)];
    assert.deepEqual(ids(toFhirBundle(richSample('a'))), ids(toFhirBundle(richSample('a'))));
    const other = new Set(ids(toFhirBundle(richSample('b'))));
    assert.ok(ids(toFhirBundle(richSample('a'))).every((id) => !other.has(id)));
  });

  test('random results (50 seeds) keep every structural rule', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const result = randomSample(seed);
      assertWellFormed(result, toFhirBundle(result));
    }
  });
});
