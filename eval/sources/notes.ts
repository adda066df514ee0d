import { readFile } from 'node:fs/promises';
import { PageWriter, renderPdf } from '../render/pdf.js';
import type { EvalDocument } from '../types.js';

/**
 * Words and units that suggest a lab value (or a lab section) in a note. A note that matches none
 * of them is taken as lab-free: any lab the interpreter reports on it is an error. Deliberately
 * broad, so the sample holds only notes that certainly carry no lab value.
 */
const LAB_HINT = new RegExp(
  String.raw`\b(lab|labs|laboratory|hemoglobin|haemoglobin|hematocrit|hgb|hct|wbc|rbc|white count|` +
    String.raw`white blood|platelets?|sodium|potassium|chloride|creatinine|bun|glucose|sugars?|` +
    String.raw`cholesterol|triglycerides?|a1c|inr|ptt|pt|troponin|tsh|albumin|bilirubin|electrolytes|` +
    String.raw`cbc|bmp|cmp|chem|urinalysis|culture|psa|ldl|hdl|ast|alt|mg/dl|mmol/l|g/dl|meq|u/l|iu/l|` +
    String.raw`ng/ml|titer|level|levels|serum|blood work|bloodwork)\b`,
  'i',
);

/** RFC 4180 CSV (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The transcription as paragraphs: "HEADER:,  text" marks a section in this corpus. */
function paragraphs(transcription: string): string[] {
  return transcription
    .replace(/([A-Z][A-Z /&()-]{2,}:),\s*/g, '\n$1\n')
    .replace(/\.,\s+/g, '.\n')
    .split('\n')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** `count` lab-free notes, spread evenly over the corpus, rendered as PDFs. */
export async function noteDocuments(csvPath: string, count: number): Promise<EvalDocument[]> {
  const [head, ...rows] = parseCsv(await readFile(csvPath, 'utf8'));
  const column = (name: string) => head?.indexOf(name) ?? -1;
  const text = column('transcription');
  const title = column('sample_name');
  const eligible = rows.filter((r) => {
    const note = r[text] ?? '';
    return note.length >= 600 && note.length <= 5000 && !LAB_HINT.test(note);
  });
  const step = Math.max(1, Math.floor(eligible.length / count));
  const chosen = eligible.filter((_, i) => i % step === 0).slice(0, count);
  const documents: EvalDocument[] = [];
  for (const [index, row] of chosen.entries()) {
    const bytes = await renderPdf((doc) => {
      const w = new PageWriter(doc);
      w.text((row[title] ?? '').trim() || 'Clinical note', {
        font: 'Helvetica-Bold',
        size: 13,
        gap: 8,
      });
      for (const p of paragraphs(row[text] ?? '')) {
        const header = /^[A-Z][A-Z /&()-]{2,}:$/.test(p);
        if (header) w.space(4);
        w.text(p, { font: header ? 'Helvetica-Bold' : 'Helvetica', size: 10 });
      }
    });
    documents.push({
      id: `notes#${index + 1}`,
      source: 'notes',
      bytes,
      mediaType: 'application/pdf',
      gold: { noLabs: true },
    });
  }
  return documents;
}
