import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** What one Synthea patient contributes to the rendered reports. */
export interface SyntheaPatient {
  readonly name: string;
  /** YYYY-MM-DD. */
  readonly birthDate: string;
  /** A hospital-style MRN derived from the bundle's MR identifier. */
  readonly mrn: string;
  /** YYYY-MM-DD of the most recent lab encounter rendered. */
  readonly collected: string;
  readonly labs: readonly SyntheaLab[];
  readonly medications: readonly { readonly name: string; readonly status: string }[];
  readonly conditions: readonly { readonly name: string; readonly status: string }[];
}

export interface SyntheaLab {
  readonly loinc: string;
  readonly display: string;
  readonly value: number;
  readonly ucum: string;
}

interface Coding {
  readonly code?: string;
  readonly display?: string;
}
interface Resource {
  readonly resourceType: string;
  readonly name?: readonly {
    readonly use?: string;
    readonly given?: string[];
    readonly family?: string;
  }[];
  readonly birthDate?: string;
  readonly identifier?: readonly {
    readonly type?: { readonly coding?: Coding[] };
    readonly value?: string;
  }[];
  readonly category?: readonly { readonly coding?: Coding[] }[];
  readonly code?: { readonly coding?: Coding[]; readonly text?: string };
  readonly valueQuantity?: {
    readonly value?: number;
    readonly code?: string;
    readonly unit?: string;
  };
  readonly encounter?: { readonly reference?: string };
  readonly effectiveDateTime?: string;
  readonly status?: string;
  readonly medicationCodeableConcept?: { readonly coding?: Coding[]; readonly text?: string };
  readonly clinicalStatus?: { readonly coding?: Coding[] };
}

/** Enough rows for a realistic report: encounters are added, newest first, until this many. */
const MIN_ROWS = 12;

/** Reads every bundle in `dir`, sorted by file name so document numbers are stable. */
export async function loadSyntheaPatients(dir: string): Promise<SyntheaPatient[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const patients: SyntheaPatient[] = [];
  for (const file of files) {
    const bundle = JSON.parse(await readFile(join(dir, file), 'utf8')) as {
      entry?: { resource: Resource }[];
    };
    const patient = toPatient((bundle.entry ?? []).map((e) => e.resource));
    if (patient !== undefined) patients.push(patient);
  }
  return patients;
}

function toPatient(resources: readonly Resource[]): SyntheaPatient | undefined {
  const person = resources.find((r) => r.resourceType === 'Patient');
  const official = person?.name?.find((n) => n.use === 'official') ?? person?.name?.[0];
  if (person === undefined || official === undefined) return undefined;
  // Synthea appends digits to names to keep them unique; no printed report would.
  const clean = (s: string) => s.replace(/\d+/g, '').trim();
  const name = [...(official.given ?? []).slice(0, 1), official.family ?? ''].map(clean).join(' ');
  const mr = person.identifier?.find((i) => i.type?.coding?.some((c) => c.code === 'MR'))?.value;
  const mrn = String(parseInt((mr ?? '0').replace(/-/g, '').slice(0, 7), 16)).padStart(9, '0');

  const labs = resources.filter(
    (r) =>
      r.resourceType === 'Observation' &&
      r.category?.some((c) => c.coding?.some((x) => x.code === 'laboratory')) === true &&
      typeof r.valueQuantity?.value === 'number',
  );
  const byEncounter = new Map<string, Resource[]>();
  for (const lab of labs) {
    const key = lab.encounter?.reference ?? lab.effectiveDateTime ?? '';
    byEncounter.set(key, [...(byEncounter.get(key) ?? []), lab]);
  }
  const latest = (group: readonly Resource[]) =>
    group.reduce(
      (max, r) => ((r.effectiveDateTime ?? '') > max ? (r.effectiveDateTime ?? '') : max),
      '',
    );
  const encounters = [...byEncounter.values()].sort((a, b) => latest(b).localeCompare(latest(a)));
  const chosen = new Map<string, SyntheaLab>();
  for (const group of encounters) {
    if (chosen.size >= MIN_ROWS) break;
    for (const r of group) {
      const coding = r.code?.coding?.[0];
      const loinc = coding?.code;
      if (loinc === undefined || chosen.has(loinc)) continue;
      chosen.set(loinc, {
        loinc,
        display: r.code?.text ?? coding?.display ?? loinc,
        value: r.valueQuantity?.value ?? 0,
        ucum: r.valueQuantity?.code ?? r.valueQuantity?.unit ?? '',
      });
    }
  }
  const distinct = <T extends { name: string }>(items: T[]) => [
    ...new Map(items.map((i) => [i.name.toLowerCase(), i])).values(),
  ];
  const medications = distinct(
    resources
      .filter((r) => r.resourceType === 'MedicationRequest')
      .map((r) => ({
        name:
          r.medicationCodeableConcept?.text ??
          r.medicationCodeableConcept?.coding?.[0]?.display ??
          '',
        status: r.status ?? '',
      }))
      .filter((m) => m.name !== ''),
  );
  // SNOMED displays end in a semantic tag ("(disorder)"); printed problem lists drop it.
  const conditions = distinct(
    resources
      .filter((r) => r.resourceType === 'Condition')
      .map((r) => ({
        name: (r.code?.text ?? r.code?.coding?.[0]?.display ?? '').replace(/\s*\([a-z ]+\)$/, ''),
        status: r.clinicalStatus?.coding?.[0]?.code ?? '',
      }))
      .filter((c) => c.name !== ''),
  );
  return {
    name,
    birthDate: person.birthDate ?? '',
    mrn,
    collected: (encounters[0] === undefined ? '' : latest(encounters[0])).slice(0, 10),
    labs: [...chosen.values()],
    medications,
    conditions,
  };
}
