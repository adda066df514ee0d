import type { TextCell, TextLine } from './extractor.port.js';

/**
 * A positioned run of text. `x`, `y` are the top-left of its box in page units (origin top-left),
 * for horizontal text; `angle` (degrees, counter-clockwise on the page) says in which direction
 * the text runs when it is not horizontal; then `x`, `y` are its start on the baseline.
 */
export interface TextRun {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly angle?: number;
  /** 0..1; OCR words carry their recognition confidence. */
  readonly confidence?: number;
}

/** Gaps wider than this many text heights separate table cells. */
const CELL_GAP = 1.2;
/** Vertical whitespace of this many line heights separates blocks (XY-cut). */
const BLOCK_GAP = 1.6;
/** A column gutter is at least this many text heights wide (LaTeX's default is about one). */
const GUTTER = 0.8;
/** Text columns have at least this many lines each; fewer is a coincidence of word gaps. */
const MIN_COLUMN_ROWS = 3;

/** A run in its own reading frame: text runs left to right along `u`, lines stack along `v`. */
interface FramedRun {
  readonly run: TextRun;
  readonly u0: number;
  readonly u1: number;
  readonly v0: number;
  readonly v1: number;
}

/**
 * Page text in reading order. Runs are grouped by writing direction (rotated text is read in its
 * own frame), each group is cut into blocks and columns (recursive XY-cut that keeps table
 * columns together), and each block's runs become lines with their cells.
 */
export function runsToLines(runs: readonly TextRun[]): TextLine[] {
  const visible = runs
    .flatMap(splitAtWideSpaces)
    .filter((r) => r.text.trim() !== '' && r.height > 0 && r.width >= 0);
  const byDirection = new Map<number, FramedRun[]>();
  for (const run of visible) {
    const direction = (Math.round((run.angle ?? 0) / 90) * 90 + 360) % 360;
    const group = byDirection.get(direction) ?? [];
    group.push(frame(run, direction));
    byDirection.set(direction, group);
  }
  // The direction with the most text is the page's main one and is read first.
  const size = (group: FramedRun[]) => group.reduce((n, r) => n + r.run.text.length, 0);
  const groups = [...byDirection.values()].sort((a, b) => size(b) - size(a));
  return groups.flatMap((group) =>
    xyCut(group).flatMap((block) => mergeWrappedCells(toLines(block))),
  );
}

/**
 * Some PDFs align columns with runs of spaces inside one text item: split such a run where it
 * has three or more spaces, placing the pieces proportionally, so the cells stay apart.
 */
function splitAtWideSpaces(run: TextRun): TextRun[] {
  if (!/\S {3,}\S/.test(run.text) || (run.angle ?? 0) !== 0) return [run];
  const perChar = run.width / Math.max(1, run.text.length);
  const pieces: TextRun[] = [];
  const pattern = /\S+(?: {1,2}\S+)*/g;
  for (const match of run.text.matchAll(pattern)) {
    pieces.push({
      ...run,
      text: match[0],
      x: run.x + match.index * perChar,
      width: match[0].length * perChar,
    });
  }
  return pieces;
}

/** Rotates a run into a frame where its text is horizontal. */
function frame(run: TextRun, direction: number): FramedRun {
  if (direction === 0)
    return { run, u0: run.x, u1: run.x + run.width, v0: run.y, v1: run.y + run.height };
  // Rotated runs give their baseline start; the frame's axes are the text direction (u) and
  // the direction in which the next line follows (v).
  const rad = (direction * Math.PI) / 180;
  const u = run.x * Math.cos(rad) - run.y * Math.sin(rad);
  const v = run.x * Math.sin(rad) + run.y * Math.cos(rad);
  return { run, u0: u, u1: u + run.width, v0: v - run.height, v1: v };
}

/** Recursive XY-cut: split on wide horizontal gaps, then on column gutters; leaves in order. */
function xyCut(runs: FramedRun[]): FramedRun[][] {
  if (runs.length <= 1) return [runs];
  const height = medianHeight(runs);
  const rows = splitAlong(runs, 'v', BLOCK_GAP * height);
  if (rows.length > 1) return rows.flatMap(xyCut);
  const columns = splitAlong(runs, 'u', GUTTER * height);
  if (
    columns.length > 1 &&
    columns.every((part) => clusterRows(part, height).length >= MIN_COLUMN_ROWS) &&
    !isTable(columns, height)
  )
    return columns.flatMap(xyCut);
  return [runs];
}

/** Splits where a gap of at least `minGap` crosses the whole region along the other axis. */
function splitAlong(runs: FramedRun[], axis: 'u' | 'v', minGap: number): FramedRun[][] {
  const start = axis === 'u' ? (r: FramedRun) => r.u0 : (r: FramedRun) => r.v0;
  const end = axis === 'u' ? (r: FramedRun) => r.u1 : (r: FramedRun) => r.v1;
  const sorted = [...runs].sort((a, b) => start(a) - start(b));
  const parts: FramedRun[][] = [];
  let current: FramedRun[] = [];
  let reach = Number.NEGATIVE_INFINITY;
  for (const run of sorted) {
    if (current.length > 0 && start(run) - reach >= minGap) {
      parts.push(current);
      current = [];
    }
    current.push(run);
    reach = Math.max(reach, end(run));
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/**
 * Side-by-side parts are table columns, not text columns, when most rows continue across the
 * gutter on one baseline and at least one side is short cells rather than full lines of prose.
 */
function isTable(columns: FramedRun[][], height: number): boolean {
  const rowsOf = (part: FramedRun[]) => clusterRows(part, height).map((row) => rowCentre(row));
  const sides = columns.map(rowsOf);
  // Measured from each side: a values column beside names with method notes under them has
  // far fewer rows than the names column, but every one of them sits on a name's baseline.
  const continues = sides.some((side, index) => {
    const shared = side.filter((centre) =>
      sides.some(
        (other, j) => j !== index && other.some((o) => Math.abs(o - centre) <= height / 2),
      ),
    ).length;
    return side.length > 0 && shared >= 0.5 * side.length;
  });
  if (!continues) return false;
  // Prose columns are wide, fill most of their width, and have many words per line; table
  // columns (test names, values, units) are narrow or short.
  const proseLike = columns.every(
    (part) =>
      fillRatio(part, height) > 0.6 &&
      wordsPerRow(part, height) >= 4 &&
      partWidth(part) >= 15 * height,
  );
  return !proseLike;
}

function partWidth(part: FramedRun[]): number {
  return Math.max(...part.map((r) => r.u1)) - Math.min(...part.map((r) => r.u0));
}

function wordsPerRow(part: FramedRun[], height: number): number {
  const rows = clusterRows(part, height);
  const words = part.reduce((n, r) => n + r.run.text.trim().split(/\s+/).length, 0);
  return words / Math.max(1, rows.length);
}

/** How much of a part's width its rows cover on average (1 = every row spans the part). */
function fillRatio(part: FramedRun[], height: number): number {
  const u0 = Math.min(...part.map((r) => r.u0));
  const u1 = Math.max(...part.map((r) => r.u1));
  const width = Math.max(1e-6, u1 - u0);
  const rows = clusterRows(part, height);
  const covered = rows.map(
    (row) => (Math.max(...row.map((r) => r.u1)) - Math.min(...row.map((r) => r.u0))) / width,
  );
  return covered.reduce((a, b) => a + b, 0) / Math.max(1, rows.length);
}

/** Groups runs whose vertical centres are within half a text height of a row's centre. */
function clusterRows(runs: FramedRun[], _height: number): FramedRun[][] {
  const sorted = [...runs].sort((a, b) => centre(a) - centre(b) || a.u0 - b.u0);
  const rows: { runs: FramedRun[]; centre: number; height: number }[] = [];
  for (const run of sorted) {
    const c = centre(run);
    const h = run.v1 - run.v0;
    // Sorted by centre: only the last few rows can still be close enough.
    const row = rows
      .slice(-3)
      .find((candidate) => Math.abs(candidate.centre - c) <= Math.min(candidate.height, h) / 2);
    if (row === undefined) rows.push({ runs: [run], centre: c, height: h });
    else row.runs.push(run);
  }
  return rows.map((row) => row.runs);
}

function toLines(block: FramedRun[]): TextLine[] {
  return clusterRows(block, medianHeight(block)).map(toLine);
}

function toLine(row: FramedRun[]): TextLine {
  const runs = [...row].sort((a, b) => a.u0 - b.u0);
  const cells: TextCell[] = [];
  let current: { parts: string[]; x0: number; x1: number } | undefined;
  let end = Number.NEGATIVE_INFINITY;
  const close = () => {
    if (current !== undefined)
      cells.push({ text: current.parts.join('').trim(), x0: current.x0, x1: current.x1 });
  };
  for (const framed of runs) {
    const { run } = framed;
    const gap = framed.u0 - end;
    if (current !== undefined && gap > CELL_GAP * run.height) {
      close();
      current = undefined;
    }
    if (current === undefined) {
      current = { parts: [run.text], x0: framed.u0, x1: framed.u1 };
    } else {
      const joined = current.parts.at(-1) ?? '';
      if (gap > 0.15 * run.height && !joined.endsWith(' ') && !run.text.startsWith(' '))
        current.parts.push(' ');
      current.parts.push(run.text);
      current.x1 = Math.max(current.x1, framed.u1);
    }
    end = Math.max(end, framed.u1);
  }
  close();
  const confidences = runs.map((r) => r.run.confidence).filter((c): c is number => c !== undefined);
  return {
    text: cells.map((c) => c.text).join('   '),
    bbox: pageBox(runs),
    confidence:
      confidences.length === 0 ? 1 : confidences.reduce((a, b) => a + b, 0) / confidences.length,
    cells,
  };
}

/**
 * A table cell that wraps onto the next line leaves a line with a single cell under the first
 * cell of a multi-cell row: its text is joined to that cell, so the row reads whole. A wrapped
 * line sits closer to its row than rows sit to each other (a section header between rows does
 * not), and starts where the cell starts.
 */
function mergeWrappedCells(lines: TextLine[]): TextLine[] {
  const gaps = lines.slice(1).map((line, i) => line.bbox[1] - (lines[i]?.bbox[3] ?? 0));
  const rowGap = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)] ?? 0;
  const out: TextLine[] = [];
  for (const line of lines) {
    const previous = out.at(-1);
    const first = previous?.cells[0];
    const only = line.cells.length === 1 ? line.cells[0] : undefined;
    const lineHeight = line.bbox[3] - line.bbox[1];
    const gap = previous === undefined ? Number.POSITIVE_INFINITY : line.bbox[1] - previous.bbox[3];
    if (
      previous !== undefined &&
      first !== undefined &&
      only !== undefined &&
      previous.cells.length >= 3 &&
      gap < 0.6 * lineHeight &&
      gap < 0.5 * rowGap &&
      Math.abs(only.x0 - first.x0) <= 0.6 * lineHeight &&
      only.x1 <= (previous.cells[1]?.x0 ?? Number.POSITIVE_INFINITY)
    ) {
      const merged = `${first.text} ${only.text}`;
      const cells = [
        { ...first, text: merged, x1: Math.max(first.x1, only.x1) },
        ...previous.cells.slice(1),
      ];
      out[out.length - 1] = {
        text: cells.map((c) => c.text).join('   '),
        bbox: [
          Math.min(previous.bbox[0], line.bbox[0]),
          Math.min(previous.bbox[1], line.bbox[1]),
          Math.max(previous.bbox[2], line.bbox[2]),
          Math.max(previous.bbox[3], line.bbox[3]),
        ],
        confidence: Math.min(previous.confidence, line.confidence),
        cells,
      };
      continue;
    }
    out.push(line);
  }
  return out;
}

/** The box of a line in page coordinates (not the reading frame). */
function pageBox(runs: FramedRun[]): TextLine['bbox'] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const { run } of runs) {
    const rad = ((run.angle ?? 0) * Math.PI) / 180;
    if (rad === 0) {
      xs.push(run.x, run.x + run.width);
      ys.push(run.y, run.y + run.height);
      continue;
    }
    // Corners of the rotated run box (baseline start, along the text, and up by its height).
    const dx = Math.cos(rad);
    const dy = -Math.sin(rad);
    const ux = -Math.sin(rad);
    const uy = -Math.cos(rad);
    for (const [a, b] of [
      [0, 0],
      [run.width, 0],
      [0, run.height],
      [run.width, run.height],
    ] as const) {
      xs.push(run.x + a * dx + b * ux);
      ys.push(run.y + a * dy + b * uy);
    }
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

const centre = (r: FramedRun) => (r.v0 + r.v1) / 2;
const rowCentre = (row: FramedRun[]) => row.reduce((a, r) => a + centre(r), 0) / row.length;

function medianHeight(runs: FramedRun[]): number {
  const heights = runs.map((r) => r.v1 - r.v0).sort((a, b) => a - b);
  return heights[Math.floor(heights.length / 2)] ?? 1;
}
