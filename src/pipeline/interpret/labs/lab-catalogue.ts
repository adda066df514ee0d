import { LAB_TESTS, type LabTestDefinition } from './lab-tests.data.js';

/** Lower case, punctuation folded to spaces (keeping / + % and hyphens inside words). */
export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9/+%\-(), ]+/g, ' ')
    .replace(/\s*([(),/])\s*/g, '$1')
    .replace(/,(?=\S)/g, ', ')
    .replace(/\s+/g, ' ')
    .trim();
}

const BY_NAME = new Map<string, LabTestDefinition>();
for (const test of LAB_TESTS) {
  for (const name of [...test.names, test.display, test.id]) {
    const key = normaliseName(name);
    if (!BY_NAME.has(key)) BY_NAME.set(key, test);
  }
}

/**
 * LOINC-style long names ("Hemoglobin [Mass/volume] in Blood by Automated count"): the bracketed
 * property and the specimen or method that follow say nothing the catalogue keys on.
 */
const LOINC_STYLE =
  /\s*\[[^\]]*\]?.*$|\s+(?:in|by)\s+(?:blood|serum|plasma|arterial|venous|capillary|automated|manual)\b.*$/i;

/** Words labs add to a test's name that do not change which test it is. */
const NOISE = /\b(?:serum|plasma|blood|level|value|test|result)\b/g;

/**
 * The catalogue entry a printed name refers to. Tries the whole name, then the abbreviation in
 * parentheses or after a comma ("HEMATOCRIT VALUE, HCT"), then the name without method notes.
 */
export function findLabTest(printed: string): LabTestDefinition | undefined {
  const name = normaliseName(printed.replace(LOINC_STYLE, ' '));
  const candidates = [name];
  const inner = /\(([^()]+)\)/.exec(name)?.[1];
  const outer = name
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (inner !== undefined) candidates.push(inner.trim(), outer);
  const parts = outer.split(',').map((part) => part.trim());
  if (parts.length > 1) candidates.push(...parts.toReversed());
  for (const candidate of [...candidates]) {
    const quiet = candidate.replace(NOISE, ' ').replace(/\s+/g, ' ').trim();
    if (quiet !== candidate && quiet.length > 0) candidates.push(quiet);
  }
  for (const candidate of candidates) {
    // OCR reads the 1 of A1c as a letter l: "Hemoglobin Alc".
    const found = BY_NAME.get(candidate) ?? BY_NAME.get(candidate.replace(/\balc\b/g, 'a1c'));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The LOINC code for a result of this test, in this unit; undefined when none is verified. */
export function loincFor(test: LabTestDefinition, unit: string | null): string | undefined {
  if (test.percentLoinc === undefined) return test.loinc;
  if (unit === '%') return test.percentLoinc;
  // A differential without a unit could be a share or a count: no code rather than a wrong one.
  return unit === null ? undefined : test.loinc;
}

const BY_CODE = new Map<string, LabTestDefinition>();
for (const test of LAB_TESTS) {
  for (const code of [test.loinc, test.percentLoinc, ...(test.alsoSeen ?? [])]) {
    if (code !== undefined && !BY_CODE.has(code)) BY_CODE.set(code, test);
  }
}

/** The catalogue entry for a result: by its LOINC code, else by its printed name. */
export function labTestOf(lab: {
  readonly name: string;
  readonly code?: { readonly code: string };
}): LabTestDefinition | undefined {
  return (lab.code === undefined ? undefined : BY_CODE.get(lab.code.code)) ?? findLabTest(lab.name);
}
