import { CARDIAC_AND_INFLAMMATION_TESTS } from './lab-tests.inflammation-cardiac.data.js';
import { CHEMISTRY_TESTS } from './lab-tests.chemistry.data.js';
import { HAEMATOLOGY_TESTS } from './lab-tests.haematology.data.js';
import { HORMONE_AND_VITAMIN_TESTS } from './lab-tests.hormones-vitamins.data.js';
import { LIPID_TESTS } from './lab-tests.lipids.data.js';
import { LIVER_TESTS } from './lab-tests.liver.data.js';
import { SEROLOGY_TESTS } from './lab-tests.serology.data.js';
import { URINE_TESTS } from './lab-tests.urine.data.js';

/**
 * The lab tests the embedded engine knows by name, with their LOINC codes and a plain-language
 * explanation (written by us) for the summary.
 *
 * Codes come only from verified sources: the MIMIC-III lab dictionary and the codes seen in the
 * Synthea and C-CDA data under ../shared/fixtures/reference (test/shared/lab-codes.test.ts checks
 * every code below against them). Rule for the primary code: a printed report rarely names the
 * specimen, so we take the serum/plasma code for chemistry and the blood code for haematology, as
 * a hospital lab dictionary (MIMIC-III) does. `alsoSeen` lists other codes of the same analyte in
 * the reference data (another specimen or method); the evaluation uses them to score agreement
 * at the analyte level. `percentLoinc` is the code when the result is a percentage (differential counts).
 * A test with no verified code carries none.
 */
export interface LabTestDefinition {
  readonly id: string;
  /** Name shown in summaries. */
  readonly display: string;
  readonly loinc?: string;
  /** The code to use when the result's unit is %, for tests reported as a count or a share. */
  readonly percentLoinc?: string;
  readonly alsoSeen?: readonly string[];
  /** Printed names and abbreviations, matched case- and punctuation-insensitively. */
  readonly names: readonly string[];
  /** Results without a unit or range are accepted only for tests that are printed that way. */
  readonly unitless?: boolean;
  /** Qualitative results (Negative, Positive, Trace …) are accepted for these tests. */
  readonly qualitative?: boolean;
  /** What the test measures, in plain words. */
  readonly explains: string;
}

// Order matters: when two tests share a name or a code the first one listed wins (see
// lab-catalogue.ts), so the panels are concatenated in the order the single table listed them.
export const LAB_TESTS: readonly LabTestDefinition[] = [
  ...HAEMATOLOGY_TESTS,
  ...CHEMISTRY_TESTS,
  ...LIVER_TESTS,
  ...LIPID_TESTS,
  ...HORMONE_AND_VITAMIN_TESTS,
  ...CARDIAC_AND_INFLAMMATION_TESTS,
  ...URINE_TESTS,
  ...SEROLOGY_TESTS,
];
