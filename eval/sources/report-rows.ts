import type { GoldLab, GoldPhi } from '../types.js';
import {
  expectedFlag,
  format,
  PRINTED_TESTS,
  rangeText,
  type PrintedTest,
} from './reference-ranges.js';
import type { SyntheaLab, SyntheaPatient } from './synthea.js';

/** One lab row as a layout prints it, with the ground truth it implies. */
export interface PrintedRow {
  readonly section: PrintedTest['section'];
  /** Short report name (layouts a and b). */
  readonly name: string;
  /** The bundle's display text (layout c prints it, wrapped). */
  readonly display: string;
  readonly valueText: string;
  readonly value: number;
  readonly unit: string;
  readonly range: string;
  readonly flag: 'low' | 'high' | 'normal' | undefined;
  readonly lab: SyntheaLab;
}

const FALLBACK = (lab: SyntheaLab): PrintedTest => ({
  name: lab.display,
  unit: lab.ucum,
  decimals: 2,
  section: 'OTHER',
});

/** Rows in section order; values rounded to the printed decimals (the printed value is the truth). */
export function printedRows(patient: SyntheaPatient, comma = false): PrintedRow[] {
  const order: PrintedTest['section'][] = [
    'HEMATOLOGY',
    'CHEMISTRY',
    'LIPIDS',
    'IMMUNOLOGY',
    'OTHER',
  ];
  const rows = patient.labs.map((lab) => {
    const known = PRINTED_TESTS[lab.loinc];
    const test = known ?? FALLBACK(lab);
    const valueText = format(lab.value, test.decimals, comma);
    const value = Number(valueText.replace(',', '.'));
    return {
      section: test.section,
      name: test.name,
      display: lab.display,
      valueText,
      value,
      unit: test.unit,
      range: known === undefined ? '' : rangeText(test, comma),
      flag: known === undefined ? undefined : expectedFlag(test, value),
      lab,
    };
  });
  return rows.sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section));
}

export function goldLab(row: PrintedRow, printedName: string, page: number): GoldLab {
  return {
    name: printedName,
    aliases: [row.name, row.display],
    loinc: row.lab.loinc,
    value: row.value,
    units: [row.unit, row.lab.ucum],
    ...(row.flag === undefined ? {} : { flag: row.flag }),
    page,
  };
}

/** Dates as printed: US (03/14/1970), ISO, or European (14.03.1970). */
export function printDate(iso: string, style: 'us' | 'iso' | 'eu'): string {
  const [y = '', m = '', d = ''] = iso.split('-');
  switch (style) {
    case 'us':
      return `${m}/${d}/${y}`;
    case 'iso':
      return iso;
    case 'eu':
      return `${d}.${m}.${y}`;
  }
}

export const phi = (kind: GoldPhi['kind'], text: string, page = 1): GoldPhi => ({
  kind,
  text,
  page,
});

export const flagMark = (flag: PrintedRow['flag'], long = false): string =>
  flag === 'high' ? (long ? 'HIGH' : 'H') : flag === 'low' ? (long ? 'LOW' : 'L') : '';
