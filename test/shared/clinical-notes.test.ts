import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { extractConditions } from '../../src/pipeline/interpret/clinical/conditions.js';
import { extractMedications } from '../../src/pipeline/interpret/clinical/medications.js';
import { extractVitals } from '../../src/pipeline/interpret/clinical/vitals.js';
import type { SourceLine } from '../../src/pipeline/interpret/source-lines.js';
import { fixturesOrSkip } from './shared-fixtures.js';

/**
 * The clinical extractors over 4,999 real transcription notes (mtsamples). The notes carry no
 * ground truth; the items of each MEDICATIONS: section are weak labels for medication recall.
 * Only aggregate figures are printed: the notes' text never reaches the output.
 */
const dir = fixturesOrSkip('clinical-notes');

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/**
 * The CSV flattened each note's line breaks into commas (":," after a heading, ".," after a
 * sentence, ",2." before a numbered item, ",ALLERGIES:" before a heading). Restore them, then wrap long lines at 100 characters
 * as a rendered page would, so the extractors see lines as they would from a PDF.
 */
function noteLines(note: string): SourceLine[] {
  const restored = note
    .replace(/:\s*,/g, ':\n')
    .replace(/,\s*(?=[A-Z][A-Z /&]{3,40}:)/g, '\n')
    .replace(/\.\s*,(?=\s*\S)/g, '.\n')
    .replace(/,\s*(?=\d{1,2}\.\s)/g, '\n');
  const lines: SourceLine[] = [];
  for (const paragraph of restored.split('\n')) {
    let rest = paragraph.trim();
    while (rest !== '') {
      let cut = rest.length <= 100 ? rest.length : rest.lastIndexOf(' ', 100);
      if (cut <= 0) cut = Math.min(100, rest.length);
      const text = rest.slice(0, cut).trim();
      rest = rest.slice(cut).trim();
      const page = Math.floor(lines.length / 60) + 1;
      const line = (lines.length % 60) + 1;
      lines.push({
        page,
        line,
        text,
        cells: [{ text, x0: 0, x1: text.length * 5 }],
        confidence: 1,
      });
    }
  }
  return lines;
}

const MED_HEADING = /\b(?:CURRENT |HOME |ADMISSION |OUTPATIENT )?MEDICATIONS?:/;
const NEXT_HEADING = /(?:^|[.,]\s*)[A-Z][A-Z /&]{3,40}:/;
const NOT_A_LABEL = new Set(
  'none no she he the patient currently as also see was is on takes taking including her his unknown nkda noncontributory denies list prior per'.split(
    ' ',
  ),
);

/** The first word of each comma-, "and"- or number-separated item of the MEDICATIONS section. */
function weakLabels(note: string): string[] {
  const at = MED_HEADING.exec(note);
  if (at === null) return [];
  const body = note.slice(at.index + at[0].length);
  const end = NEXT_HEADING.exec(body);
  const section = end === null ? body : body.slice(0, end.index);
  return section
    .split(/,|;|\band\b|\d+\.\s/)
    .map((item) => /^[\s.]*([A-Za-z][A-Za-z-]{2,})/.exec(item)?.[1]?.toLowerCase())
    .filter((w): w is string => w !== undefined && !NOT_A_LABEL.has(w));
}

describe(
  'clinical extractors on mtsamples transcription notes',
  { skip: dir === undefined },
  () => {
    const notes = () => {
      const rows = parseCsv(readFileSync(join(dir ?? '', 'mtsamples.csv'), 'utf8'));
      const header = rows[0] ?? [];
      const column = header.indexOf('transcription');
      assert.ok(column >= 0, 'the CSV has a transcription column');
      return rows.slice(1).map((r) => r[column] ?? '');
    };

    it('recovers the medications listed in MEDICATIONS sections (weak labels)', () => {
      let notesWithSection = 0;
      let labels = 0;
      let recovered = 0;
      let extracted = 0;
      for (const note of notes()) {
        const expected = weakLabels(note);
        if (expected.length === 0) continue;
        notesWithSection++;
        const names = extractMedications(noteLines(note)).map((m) => m.name.toLowerCase());
        extracted += names.length;
        labels += expected.length;
        recovered += expected.filter((w) =>
          names.some((n) => n.includes(w) || w.includes(n.split(/[\s/-]+/)[0] ?? '')),
        ).length;
      }
      const recall = recovered / Math.max(1, labels);
      process.stdout.write(
        `mtsamples medications: ${notesWithSection} notes with a MEDICATIONS section, ` +
          `${labels} weak labels, ${recovered} recovered (recall ${recall.toFixed(3)}), ` +
          `${extracted} medications extracted from those notes\n`,
      );
      assert.ok(notesWithSection > 500, 'most notes with a MEDICATIONS section were found');
      assert.ok(recall > 0.7, `weak-label recall ${recall.toFixed(3)} stays above 0.7`);
    });

    it('runs every extractor over the whole corpus without a crash, fast', () => {
      const all = notes();
      let lines = 0;
      const ms = { medications: 0, conditions: 0, vitals: 0 };
      const counts = { medications: 0, conditions: 0, negated: 0, vitals: 0 };
      for (const note of all) {
        const source = noteLines(note);
        lines += source.length;
        let t = performance.now();
        counts.medications += extractMedications(source).length;
        ms.medications += performance.now() - t;
        t = performance.now();
        const conditions = extractConditions(source);
        ms.conditions += performance.now() - t;
        counts.conditions += conditions.length;
        counts.negated += conditions.filter((c) => c.negated).length;
        t = performance.now();
        counts.vitals += extractVitals(source).length;
        ms.vitals += performance.now() - t;
      }
      process.stdout.write(
        `mtsamples corpus: ${all.length} notes, ${lines} lines; ` +
          `medications ${counts.medications} in ${ms.medications.toFixed(0)} ms, ` +
          `conditions ${counts.conditions} (${counts.negated} negated) in ${ms.conditions.toFixed(0)} ms, ` +
          `vitals ${counts.vitals} in ${ms.vitals.toFixed(0)} ms\n`,
      );
      assert.ok(all.length > 4000);
      const total = ms.medications + ms.conditions + ms.vitals;
      // Well under a millisecond per note on average: the extractors are not the pipeline's cost.
      assert.ok(total / all.length < 5, `mean ${(total / all.length).toFixed(2)} ms per note`);
    });
  },
);
