import type { LabResult } from '../../../domain/result.js';
import type { SourceLine } from '../source-lines.js';
import { parseLabRow } from './lab-row.parser.js';
import { detectNumberStyle, type NumberStyle } from './numbers.js';

/** A line that is only a name fragment: letters, no digits, short, one cell. */
const NAME_ONLY = /^[A-Za-z][A-Za-z ,()/'&-]{1,50}$/;
const STARTS_WITH_VALUE = /^[<>≤≥]?\s*\d/;

/**
 * Finds the lab results in a document. Rows are parsed one line at a time; a name wrapped onto
 * two lines is joined (a name-only line followed by a row starting with its value, or a row whose
 * name continues from the line above). Each result keeps the page and line it was read from.
 */
export function extractLabs(lines: readonly SourceLine[], signal?: AbortSignal): LabResult[] {
  const style = detectNumberStyle(lines.map((line) => line.text));
  const context = { style };
  const labs: LabResult[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (index % 256 === 0) signal?.throwIfAborted();
    const line = lines[index];
    if (line === undefined) continue;
    const previous = lines[index - 1];
    const wrapped =
      previous?.page === line.page &&
      previous.cells.length <= 1 &&
      NAME_ONLY.test(previous.text.trim())
        ? previous.text.trim()
        : undefined;
    let lab: LabResult | undefined;
    if (wrapped !== undefined && STARTS_WITH_VALUE.test(line.text.trim()))
      lab = parseLabRow(line, context, wrapped);
    lab ??= parseLabRow(line, context);
    if (lab === undefined) {
      const sideBySide = parseSideBySide(line, context);
      if (sideBySide.length > 0) {
        labs.push(...sideBySide);
        continue;
      }
    }
    if (lab !== undefined && lab.code === undefined && wrapped !== undefined) {
      // "Total Leukocyte" on one line and "Count  5,100 ..." on the next.
      const joined = parseLabRow(line, context, wrapped);
      if (joined?.code !== undefined) lab = joined;
    }
    if (lab !== undefined) labs.push(lab);
  }
  return labs;
}

/**
 * Two tables printed side by side share baselines, so one line can hold two rows: split it
 * where a cell starts a new name, and keep the halves that are rows.
 */
function parseSideBySide(line: SourceLine, context: { style: NumberStyle }): LabResult[] {
  if (line.cells.length < 3) return [];
  let best: LabResult[] = [];
  for (let k = 1; k < line.cells.length; k++) {
    if (!/^\p{L}/u.test(line.cells[k]?.text ?? '')) continue;
    const halves = [line.cells.slice(0, k), line.cells.slice(k)].map((cells) =>
      parseLabRow({ ...line, cells, text: cells.map((c) => c.text).join('   ') }, context),
    );
    // Each half must be a full row (unit or range): a bare value split off a wider row is not.
    const found = halves.filter(
      (lab): lab is LabResult =>
        lab !== undefined && (lab.unit !== null || lab.referenceRange !== undefined),
    );
    if (found.length > best.length) best = found;
  }
  return best;
}
