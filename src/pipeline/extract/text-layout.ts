import type { TextLine } from './extractor.port.js';

/** A positioned run of text, in page units with the origin at the top left. */
export interface TextRun {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Gaps wider than this many font heights separate table cells. */
const CELL_GAP = 1.2;

/**
 * Groups runs into lines: runs whose vertical centres lie within half a text height of a line's
 * are on it. Within a line, runs are ordered by x and joined with one space, or with at least
 * two spaces where the gap is wide enough to be a column break, so cells stay apart.
 */
export function runsToLines(runs: readonly TextRun[]): TextLine[] {
  const visible = runs.filter((r) => r.text.trim() !== '' && r.height > 0);
  const sorted = [...visible].sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: { runs: TextRun[]; centre: number; height: number }[] = [];
  for (const run of sorted) {
    const centre = run.y + run.height / 2;
    const line = lines.find(
      (l) => Math.abs(l.centre - centre) <= Math.min(l.height, run.height) / 2,
    );
    if (line === undefined) lines.push({ runs: [run], centre, height: run.height });
    else line.runs.push(run);
  }
  lines.sort((a, b) => a.centre - b.centre);
  return lines.map(({ runs: lineRuns }) => toLine(lineRuns));
}

function toLine(runs: TextRun[]): TextLine {
  runs.sort((a, b) => a.x - b.x);
  let text = '';
  let end = Number.NEGATIVE_INFINITY;
  for (const run of runs) {
    const gap = run.x - end;
    if (text !== '') {
      if (gap > CELL_GAP * run.height) text += '   ';
      else if (gap > 0.15 * run.height && !text.endsWith(' ') && !run.text.startsWith(' '))
        text += ' ';
    }
    text += run.text;
    end = Math.max(end, run.x + run.width);
  }
  const x0 = Math.min(...runs.map((r) => r.x));
  const y0 = Math.min(...runs.map((r) => r.y));
  const x1 = Math.max(...runs.map((r) => r.x + r.width));
  const y1 = Math.max(...runs.map((r) => r.y + r.height));
  return { text: text.trimEnd(), bbox: [x0, y0, x1, y1], confidence: 1 };
}
