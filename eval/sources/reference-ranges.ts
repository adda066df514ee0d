/**
 * How the harness prints a Synthea lab row. Synthea's Observations carry no reference range, so
 * each rendered row gets a plausible adult range from this table (keyed by the LOINC code the
 * bundle itself carries); the expected flag is then computed from the printed value against the
 * printed range (see expectedFlag). Codes missing here are printed without a range and their flag
 * is not scored. These ranges are typical printed adult ranges, for rendering only: they are not
 * clinical advice and the service does not read them.
 */
export interface PrintedTest {
  /** The name a lab report would print (the classic and column layouts). */
  readonly name: string;
  /** The unit as printed (the bundle's UCUM code is accepted too). */
  readonly unit: string;
  readonly decimals: number;
  readonly low?: number;
  readonly high?: number;
  /** One-sided ranges print as "< high" or "> low"; they are strict. */
  readonly oneSided?: boolean;
  readonly section: 'CHEMISTRY' | 'HEMATOLOGY' | 'LIPIDS' | 'IMMUNOLOGY' | 'OTHER';
}

const chem = (name: string, unit: string, decimals: number, low: number, high: number) =>
  ({ name, unit, decimals, low, high, section: 'CHEMISTRY' }) as const;
const hem = (name: string, unit: string, decimals: number, low: number, high: number) =>
  ({ name, unit, decimals, low, high, section: 'HEMATOLOGY' }) as const;
const below = (
  name: string,
  unit: string,
  decimals: number,
  high: number,
  section: PrintedTest['section'],
) => ({ name, unit, decimals, high, oneSided: true, section }) as const;
const above = (
  name: string,
  unit: string,
  decimals: number,
  low: number,
  section: PrintedTest['section'],
) => ({ name, unit, decimals, low, oneSided: true, section }) as const;
const allergen = (name: string) => below(`${name} IgE`, 'kU/L', 2, 0.35, 'IMMUNOLOGY');

export const PRINTED_TESTS: Readonly<Record<string, PrintedTest>> = {
  '2339-0': chem('Glucose', 'mg/dL', 0, 70, 99),
  '6299-2': chem('Urea Nitrogen (BUN)', 'mg/dL', 0, 7, 20),
  '38483-4': chem('Creatinine', 'mg/dL', 2, 0.6, 1.3),
  '49765-1': chem('Calcium', 'mg/dL', 1, 8.5, 10.2),
  '2947-0': chem('Sodium', 'mmol/L', 0, 135, 145),
  '6298-4': chem('Potassium', 'mmol/L', 1, 3.5, 5.1),
  '2069-3': chem('Chloride', 'mmol/L', 0, 98, 107),
  '20565-8': chem('Carbon Dioxide', 'mmol/L', 0, 22, 29),
  '33914-3': above('eGFR', 'mL/min/1.73m2', 0, 60, 'CHEMISTRY'),
  '1742-6': chem('ALT', 'U/L', 0, 7, 56),
  '1920-8': chem('AST', 'U/L', 0, 10, 40),
  '6768-6': chem('Alkaline Phosphatase', 'U/L', 0, 44, 147),
  '1751-7': chem('Albumin', 'g/dL', 1, 3.5, 5.0),
  '2885-2': chem('Total Protein', 'g/dL', 1, 6.0, 8.3),
  '10834-0': chem('Globulin', 'g/L', 1, 20, 35),
  '1975-2': chem('Bilirubin, Total', 'mg/dL', 1, 0.1, 1.2),
  '14959-1': below('Microalbumin/Creatinine Ratio', 'mg/g', 1, 30, 'CHEMISTRY'),
  '4548-4': chem('Hemoglobin A1c', '%', 1, 4.0, 5.6),
  '2093-3': below('Total Cholesterol', 'mg/dL', 0, 200, 'LIPIDS'),
  '2571-8': below('Triglycerides', 'mg/dL', 0, 150, 'LIPIDS'),
  '18262-6': below('LDL Cholesterol', 'mg/dL', 0, 100, 'LIPIDS'),
  '2085-9': above('HDL Cholesterol', 'mg/dL', 0, 40, 'LIPIDS'),
  '6690-2': hem('WBC', '10^3/uL', 1, 4.0, 11.0),
  '789-8': hem('RBC', '10^6/uL', 2, 4.2, 5.9),
  '718-7': hem('Hemoglobin', 'g/dL', 1, 12.0, 17.5),
  '4544-3': hem('Hematocrit', '%', 1, 36, 50),
  '20570-8': hem('Hematocrit', '%', 1, 36, 50),
  '787-2': hem('MCV', 'fL', 1, 80, 100),
  '785-6': hem('MCH', 'pg', 1, 27, 33),
  '786-4': hem('MCHC', 'g/dL', 1, 32, 36),
  '21000-5': hem('RDW', 'fL', 1, 39, 46),
  '777-3': hem('Platelets', '10^3/uL', 0, 150, 400),
  '32207-3': hem('PDW', 'fL', 1, 9, 17),
  '32623-1': hem('MPV', 'fL', 1, 7.5, 11.5),
  '6075-6': allergen('Cladosporium herbarum'),
  '6082-2': allergen('Codfish'),
  '6085-5': allergen('Common Ragweed'),
  '6095-4': allergen('House Dust Mite'),
  '6106-9': allergen('Egg White'),
  '6158-0': allergen('Latex'),
  '6189-5': allergen('White Oak'),
  '6206-7': allergen('Peanut'),
  '6246-3': allergen('Shrimp'),
  '6248-9': allergen('Soybean'),
  '6273-7': allergen('Walnut'),
  '6276-0': allergen('Wheat'),
  '6833-8': allergen('Cat Dander'),
  '6844-5': allergen('Honey Bee'),
  '7258-7': allergen('Cow Milk'),
};

/** The printed range text, with the decimal separator of the layout. */
export function rangeText(test: PrintedTest, comma: boolean): string {
  // Bounds print with the decimals they need (0.35, 4.0, 11.0), or none for whole-number tests.
  const places = (n: number) => Math.max(1, String(n).split('.')[1]?.length ?? 0);
  const f = (n: number) => format(n, test.decimals === 0 ? 0 : places(n), comma);
  if (test.low !== undefined && test.high !== undefined) return `${f(test.low)} - ${f(test.high)}`;
  if (test.high !== undefined) return `< ${f(test.high)}`;
  if (test.low !== undefined) return `> ${f(test.low)}`;
  return '';
}

/**
 * The flag a reader infers from the printed value and range (bounds of a two-sided range are
 * inside it). A value equal to the bound of a strict one-sided range is ambiguous on paper
 * ("< 200" with 200): no flag is expected there, so it is not scored.
 */
export function expectedFlag(
  test: PrintedTest,
  value: number,
): 'low' | 'high' | 'normal' | undefined {
  const { low, high } = test;
  if (test.oneSided === true && (value === low || value === high)) return undefined;
  if (low !== undefined && value < low) return 'low';
  if (high !== undefined && value > high) return 'high';
  return 'normal';
}

export function format(value: number, decimals: number, comma = false): string {
  const text = value.toFixed(decimals);
  return comma ? text.replace('.', ',') : text;
}
