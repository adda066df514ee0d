import { columns, PageWriter, renderPdf, type Cell } from '../render/pdf.js';
import type { Gold, GoldLab } from '../types.js';
import { flagMark, goldLab, phi, printDate, printedRows } from './report-rows.js';
import type { SyntheaPatient } from './synthea.js';

export interface RenderedReport {
  readonly bytes: Buffer;
  readonly gold: Gold;
}

const place = (cols: readonly Cell[], texts: readonly string[], bold = false): Cell[] =>
  cols.map((col, i) => ({
    ...col,
    text: texts[i] ?? '',
    ...(bold ? { font: 'Helvetica-Bold' } : {}),
  }));

/**
 * Layout a: the classic table "Test | Result | Unit | Reference range | Flag" with section
 * headers, H/L flags in their own column, US dates.
 */
export async function classicReport(patient: SyntheaPatient): Promise<RenderedReport> {
  const labs: GoldLab[] = [];
  const dob = printDate(patient.birthDate, 'us');
  const collected = printDate(patient.collected, 'us');
  const bytes = await renderPdf((doc) => {
    const w = new PageWriter(doc);
    w.text('NORTHFIELD CLINICAL LABORATORY', { font: 'Helvetica-Bold', size: 14 });
    w.text('1200 Lakeview Drive, Springfield  -  Tel (555) 010-2000', { size: 8, gap: 10 });
    const header = columns(w, [1, 1]);
    w.row(place(header, [`Patient: ${patient.name}`, `DOB: ${dob}`]), { size: 10 });
    w.row(place(header, [`MRN: ${patient.mrn}`, `Collected: ${collected}`]), { size: 10 });
    w.space(10);
    const cols = columns(w, [34, 12, 14, 24, 8]);
    const tableHeader = () =>
      w.row(place(cols, ['Test', 'Result', 'Unit', 'Reference range', 'Flag'], true));
    tableHeader();
    w.onNewPage = tableHeader;
    let section = '';
    for (const row of printedRows(patient)) {
      if (row.section !== section) {
        section = row.section;
        w.space(4);
        w.text(section, { font: 'Helvetica-Bold', size: 9 });
      }
      const page = w.row(
        place(cols, [row.name, row.valueText, row.unit, row.range, flagMark(row.flag)]),
      );
      labs.push(goldLab(row, row.name, page));
    }
    w.onNewPage = undefined;
    w.space(12);
    w.text('Reference ranges apply to adults. Results reviewed by the laboratory.', { size: 8 });
  });
  return {
    bytes,
    gold: {
      labs,
      phi: [
        phi('name', patient.name),
        phi('date', dob),
        phi('identifier', patient.mrn),
        phi('date', collected),
      ],
    },
  };
}

/**
 * Layout b: columns reordered "Test | Flag | Result | Reference | Units" with HIGH/LOW flags,
 * "FAMILY, Given" names and ISO dates; then the medication list and the problem list.
 */
export async function reorderedReport(patient: SyntheaPatient): Promise<RenderedReport> {
  const labs: GoldLab[] = [];
  const medications: string[] = [];
  const conditions: string[] = [];
  const [given = '', ...rest] = patient.name.split(' ');
  const name = `${rest.join(' ').toUpperCase()}, ${given}`;
  const bytes = await renderPdf((doc) => {
    const w = new PageWriter(doc);
    w.text('REGIONAL MEDICAL CENTER - DEPARTMENT OF PATHOLOGY', {
      font: 'Helvetica-Bold',
      size: 12,
      gap: 8,
    });
    const header = columns(w, [3, 2]);
    w.row(place(header, [`Name: ${name}`, `Patient ID: ${patient.mrn}`]), { size: 9 });
    w.row(
      place(header, [
        `Date of birth: ${patient.birthDate}`,
        `Specimen collected: ${patient.collected}`,
      ]),
      {
        size: 9,
      },
    );
    w.space(8);
    w.text('LABORATORY RESULTS', { font: 'Helvetica-Bold', size: 11 });
    const cols = columns(w, [36, 10, 14, 22, 18]);
    const tableHeader = () =>
      w.row(place(cols, ['Test', 'Flag', 'Result', 'Reference', 'Units'], true));
    tableHeader();
    w.onNewPage = tableHeader;
    for (const row of printedRows(patient)) {
      const page = w.row(
        place(cols, [row.name, flagMark(row.flag, true), row.valueText, row.range, row.unit]),
      );
      labs.push(goldLab(row, row.name, page));
    }
    w.onNewPage = undefined;
    const list = (
      title: string,
      items: readonly { name: string; status: string }[],
      into: string[],
    ) => {
      if (items.length === 0) return;
      w.space(12);
      w.ensure(40);
      w.text(title, { font: 'Helvetica-Bold', size: 11 });
      const listCols = columns(w, [5, 1]);
      w.row(
        place(
          listCols,
          [title === 'CURRENT MEDICATIONS' ? 'Medication' : 'Problem', 'Status'],
          true,
        ),
      );
      for (const item of items) {
        w.row(place(listCols, [item.name, item.status]));
        into.push(item.name);
      }
    };
    list('CURRENT MEDICATIONS', patient.medications, medications);
    list('PROBLEM LIST', patient.conditions, conditions);
  });
  return {
    bytes,
    gold: {
      labs,
      medications,
      conditions,
      phi: [
        phi('name', name),
        phi('identifier', patient.mrn),
        phi('date', patient.birthDate),
        phi('date', patient.collected),
      ],
    },
  };
}
