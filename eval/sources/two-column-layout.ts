import { PageWriter, renderPdf } from '../render/pdf.js';
import type { GoldLab } from '../types.js';
import type { RenderedReport } from './lab-layouts.js';
import { flagMark, goldLab, phi, printDate, printedRows, type PrintedRow } from './report-rows.js';
import type { SyntheaPatient } from './synthea.js';

const SIZE = 8;

/** The method or specimen note a lab prints under the test name. */
function methodNote(display: string): string {
  if (/automated count/i.test(display)) return 'Method: automated cell count';
  if (/calculation|calculated|predicted|estimated/i.test(display)) return 'Method: calculated';
  if (/enzymatic/i.test(display)) return 'Method: enzymatic, 37 C';
  if (/IgE/i.test(display)) return 'Method: fluorescence enzyme immunoassay';
  if (/blood/i.test(display)) return 'Specimen: whole blood (EDTA)';
  return 'Specimen: serum';
}

/**
 * Layout c: a narrow two-column page filled column by column (left then right), each entry the
 * bundle's full display name wrapped in a narrow cell with a method note under it, the result and
 * unit in one cell, a flag, and the range. The European variant prints decimal commas and
 * DD.MM.YYYY dates.
 */
export async function twoColumnReport(
  patient: SyntheaPatient,
  european: boolean,
): Promise<RenderedReport> {
  const labs: GoldLab[] = [];
  const dob = printDate(patient.birthDate, european ? 'eu' : 'us');
  const collected = printDate(patient.collected, european ? 'eu' : 'us');
  const bytes = await renderPdf((doc) => {
    const w = new PageWriter(doc);
    w.text(
      european
        ? 'LABOR DR. WEISS & KOLLEGEN - BEFUNDBERICHT'
        : 'HARBOR DIAGNOSTICS - RESULT REPORT',
      {
        font: 'Helvetica-Bold',
        size: 12,
      },
    );
    w.text(`${patient.name}    born ${dob}    Lab no. ${patient.mrn}    sampled ${collected}`, {
      size: 9,
      gap: 12,
    });
    const top = w.y;
    const half = w.width / 2;
    const layout = { name: half * 0.42, result: half * 0.3, flag: half * 0.05, range: half * 0.21 };
    const height = (row: PrintedRow) => {
      doc.font('Helvetica-Bold').fontSize(SIZE);
      const name = doc.heightOfString(row.display, { width: layout.name - 4 });
      doc.font('Helvetica-Oblique').fontSize(SIZE - 1);
      return name + doc.heightOfString(methodNote(row.display), { width: layout.name - 4 }) + 6;
    };
    let column = 0;
    let y = top;
    for (const row of printedRows(patient, european)) {
      const h = height(row);
      if (y + h > w.bottom) {
        column += 1;
        y = column % 2 === 0 ? w.top : top;
        if (column % 2 === 0) {
          doc.addPage();
          w.page += 1;
        }
      }
      const x = w.left + (column % 2) * half;
      doc.font('Helvetica-Bold').fontSize(SIZE);
      doc.text(row.display, x, y, { width: layout.name - 4 });
      const noteY = y + doc.heightOfString(row.display, { width: layout.name - 4 });
      doc.font('Helvetica').fontSize(SIZE);
      doc.text(`${row.valueText} ${row.unit}`, x + layout.name, y, { width: layout.result - 4 });
      doc.text(flagMark(row.flag), x + layout.name + layout.result, y, { width: layout.flag });
      doc.text(row.range, x + layout.name + layout.result + layout.flag, y, {
        width: layout.range,
      });
      doc.font('Helvetica-Oblique').fontSize(SIZE - 1);
      doc.text(methodNote(row.display), x, noteY, { width: layout.name - 4 });
      labs.push(goldLab(row, row.display, w.page));
      y += h;
    }
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
