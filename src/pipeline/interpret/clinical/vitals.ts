import type { Vital } from '../../../domain/result.js';
import type { TextCell } from '../../extract/extractor.port.js';
import type { SourceLine } from '../source-lines.js';
import { segmentLines } from './sections.js';
import { type Column, columnIndex } from './table-columns.js';
import { reading, unitHint, VITAL_UNIT, type VitalPart, vitalLabel } from './vital-values.js';

/** One value read from a line, before the halves of a blood pressure are paired. */
interface Part {
  readonly part: VitalPart;
  readonly value: number;
  readonly diastolic?: number;
  readonly unit: string | null;
  readonly page: number;
  readonly line: number;
  /** Which value of its line this is (per date column), to pair systolic with diastolic. */
  readonly slot: number;
}

const NUM = String.raw`\d{1,3}(?:\.\d{1,2})?`;
/** A value at the start of a cell: "132/86 mmHg", "98.6 °F", "71.0 [in_us]", "5' 10\"". */
const CELL_VALUE = new RegExp(
  String.raw`^\s*(${NUM})(?:\s*\/\s*(${NUM}))?\s*(${VITAL_UNIT})?(?![\d/.-])`,
  'i',
);
const FEET_INCHES = /^\s*(\d)\s*(?:'|ft|feet|foot)\s*(\d{1,2}(?:\.\d)?)?\s*(?:"|''|in|inches)?/i;
/** Cells that sit between a label and its value in coded tables: "LOINC", "8462-4". */
const SKIPPABLE = /^(?:loinc|snomed(?:-ct)?|ucum|\d{1,6}-\d|[a-z]+\s*:)$/i;
const DATE =
  /^\s*(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}\b|\d{1,2}[-\s](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)/i;

/** The label words of running text; single letters (T, P, R) count only among other vitals. */
const TEXT_LABEL = String.raw`blood\s+pressure|b\/p|n?i?bp|systolic(?:\s+(?:blood\s+pressure|bp))?|diastolic(?:\s+(?:blood\s+pressure|bp))?|heart\s+rate|pulse\s+rate|pulse(?!\s*ox)|hr|temperature|temp|tmax|t|weight|wt|height|ht|bmi|body\s+mass\s+index|spo2|sao2|o2\s+sat(?:uration)?s?|oxygen\s+saturation|pulse\s+ox(?:imetry)?|sats?|respiratory\s+rate|respirations?|resp(?:iratory)?|rr|r|p`;
const TEXT_VITAL = new RegExp(
  String.raw`\b(${TEXT_LABEL})\b[\s:=]*(?:(?:is|was|of|at|were|today|reading|measured|recorded)\s+)*(${NUM})(?:\s*\/\s*(${NUM}))?\s*(${VITAL_UNIT})?(?!\s*(?:-|to)\s*\d)(?![\d/]|\.\d|s\b)`,
  'gi',
);

function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** A reading for a label with a printed value, checked for plausibility. */
function toPart(
  part: VitalPart,
  first: number,
  second: number | undefined,
  unit: string | undefined,
  where: SourceLine,
  slot: number,
): Part | undefined {
  if (part === 'blood_pressure') {
    if (second === undefined) return undefined;
    const sys = reading('systolic', first, unit);
    const dia = reading('diastolic', second, unit);
    if (sys === undefined || dia === undefined || second >= first) return undefined;
    return {
      part,
      value: first,
      diastolic: second,
      unit: 'mm[Hg]',
      page: where.page,
      line: where.line,
      slot,
    };
  }
  if (second !== undefined) return undefined;
  const r = reading(part, first, unit);
  if (r === undefined) return undefined;
  return { part, value: r.value, unit: r.unit, page: where.page, line: where.line, slot };
}

/** "BP 120/80, HR 72, T 98.6 F, SpO2 98% on RA" in running text. */
function fromText(text: string, where: SourceLine, vitalsSection: boolean): Part[] {
  const matches = [...text.matchAll(TEXT_VITAL)];
  const many = matches.filter((m) => (m[1] ?? '').length > 1).length >= 2;
  const out: Part[] = [];
  for (const m of matches) {
    const label = m[1] ?? '';
    // T, P and R are vitals only in a run of vitals ("T 98.6 P 88 R 16") or a vitals section.
    if (label.length === 1 && (!(many || vitalsSection) || label !== label.toUpperCase())) continue;
    const part = vitalLabel(label);
    if (part === undefined) continue;
    if (/^sats?$/i.test(label) && !(m[4] ?? '').includes('%')) continue;
    const found = toPart(part, Number(m[2]), parseNumber(m[3]), m[4], where, out.length);
    if (found !== undefined) out.push(found);
  }
  return out;
}

/** A value cell: its number(s) and unit, the unit possibly in the next cell ("96 | mm[Hg]"). */
function cellValue(
  cells: readonly TextCell[],
  i: number,
): { first: number; second?: number; unit?: string; used: number } | undefined {
  const text = cells[i]?.text ?? '';
  if (DATE.test(text)) return undefined;
  const feet = FEET_INCHES.exec(text);
  if (feet !== null && /'|ft|feet|foot/i.test(feet[0])) {
    return { first: Number(feet[1]) * 12 + Number(feet[2] ?? 0), unit: 'in', used: 1 };
  }
  const m = CELL_VALUE.exec(text);
  if (m === null) return undefined;
  let unit = m[3];
  let used = 1;
  const next = cells[i + 1]?.text.trim();
  if (unit === undefined && next !== undefined && new RegExp(`^${VITAL_UNIT}$`, 'i').test(next)) {
    unit = next;
    used = 2;
  }
  const second = parseNumber(m[2]);
  return {
    first: Number(m[1]),
    ...(second === undefined ? {} : { second }),
    ...(unit === undefined ? {} : { unit }),
    used,
  };
}

/** A row whose label cell names a vital, with its value(s) in the cells after it. */
function fromLabelledRow(cells: readonly TextCell[], where: SourceLine): Part[] | undefined {
  const at = cells.findIndex((c) => vitalLabel(c.text) !== undefined);
  const label = cells[at];
  const part = label === undefined ? undefined : vitalLabel(label.text);
  if (label === undefined || part === undefined) return undefined;
  const hint = unitHint(label.text);
  const out: Part[] = [];
  for (let i = at + 1; i < cells.length;) {
    const text = cells[i]?.text.trim() ?? '';
    const value = cellValue(cells, i);
    if (value === undefined) {
      // Code columns and a repeated label may sit before the value; anything else ends the row.
      if (out.length === 0 && (SKIPPABLE.test(text) || vitalLabel(text) !== undefined)) {
        i++;
        continue;
      }
      break;
    }
    const found = toPart(part, value.first, value.second, value.unit ?? hint, where, out.length);
    if (found !== undefined) out.push(found);
    i += value.used;
  }
  return out;
}

interface VitalHeader {
  readonly columns: (Column & { part: VitalPart | undefined; hint: string | undefined })[];
}

/** A header row naming two or more vitals: "Date | BP | Pulse | Temp | Resp | Weight". */
function headerOf(cells: readonly TextCell[]): VitalHeader | undefined {
  const columns = cells.map((c) => ({
    label: c.text,
    x0: c.x0,
    x1: c.x1,
    part: vitalLabel(c.text),
    hint: unitHint(c.text),
  }));
  if (columns.filter((c) => c.part !== undefined).length < 2) return undefined;
  const valueLike = (c: TextCell) =>
    vitalLabel(c.text) === undefined && /\d/.test(c.text.replace(/[([][^)\]]*[)\]]/g, ''));
  if (cells.some(valueLike)) return undefined;
  return { columns };
}

/** A row under a vitals header: each cell read as the kind of its column. */
function fromHeaderRow(header: VitalHeader, cells: readonly TextCell[], where: SourceLine): Part[] {
  const out: Part[] = [];
  cells.forEach((cell, i) => {
    const column = header.columns[columnIndex(cell, header.columns)];
    if (column?.part === undefined) return;
    const value = cellValue([cell], 0);
    if (value === undefined) return;
    const found = toPart(
      column.part,
      value.first,
      value.second,
      value.unit ?? column.hint,
      where,
      i,
    );
    if (found !== undefined) out.push(found);
  });
  return out;
}

function toVital(p: Part, diastolic?: Part): Vital {
  const base = { page: p.page, line: p.line };
  switch (p.part) {
    case 'blood_pressure':
      return {
        kind: 'blood_pressure',
        value: null,
        unit: 'mm[Hg]',
        systolic: p.value,
        ...(p.diastolic === undefined ? {} : { diastolic: p.diastolic }),
        ...base,
      };
    case 'systolic':
      return {
        kind: 'blood_pressure',
        value: null,
        unit: 'mm[Hg]',
        systolic: p.value,
        ...(diastolic === undefined ? {} : { diastolic: diastolic.value }),
        ...base,
      };
    case 'diastolic':
      return { kind: 'blood_pressure', value: null, unit: 'mm[Hg]', diastolic: p.value, ...base };
    default:
      return { kind: p.part, value: p.value, unit: p.unit, ...base };
  }
}

/** Systolic and diastolic printed apart (rows "BP Systolic", "BP Diastolic") become one reading. */
function pair(parts: readonly Part[]): Vital[] {
  const used = new Set<number>();
  const out: Vital[] = [];
  parts.forEach((p, i) => {
    if (used.has(i)) return;
    if (p.part === 'systolic' || p.part === 'diastolic') {
      const other = p.part === 'systolic' ? 'diastolic' : 'systolic';
      const j = parts.findIndex(
        (q, k) =>
          k > i &&
          !used.has(k) &&
          q.part === other &&
          q.slot === p.slot &&
          q.page === p.page &&
          q.line - p.line <= 3,
      );
      const mate = parts[j];
      if (mate !== undefined) {
        used.add(j);
        const [sys, dia] = p.part === 'systolic' ? [p, mate] : [mate, p];
        if (dia.value < sys.value) {
          out.push(toVital({ ...sys, page: p.page, line: p.line }, dia));
          return;
        }
      }
    }
    out.push(toVital(p));
  });
  return out;
}

/**
 * Vital signs from labelled text ("BP 120/80", "Pulse 88 bpm", "Temp 98.6 F"), from tables whose
 * rows are labelled ("Height | 177 cm | 177 cm") and from tables whose header names the vitals
 * with values in the rows below, matched by the cells' x positions. Implausible values are dropped.
 */
export function extractVitals(lines: readonly SourceLine[]): Vital[] {
  const parts: Part[] = [];
  let header: VitalHeader | undefined;
  for (const segment of segmentLines(lines)) {
    const source = segment.source;
    const whole = segment.start === 0 && !segment.heading;
    if (whole && source.cells.length >= 2) {
      const found = headerOf(source.cells);
      if (found !== undefined) {
        header = found;
        continue;
      }
    }
    if (header !== undefined && whole) {
      const row = fromHeaderRow(header, source.cells, source);
      if (row.length > 0) {
        parts.push(...row);
        continue;
      }
      header = undefined;
    }
    const labelled =
      whole && source.cells.length >= 2 ? fromLabelledRow(source.cells, source) : undefined;
    if (labelled !== undefined) {
      parts.push(...labelled);
      continue;
    }
    parts.push(...fromText(segment.text, source, segment.section === 'vitals'));
  }
  return pair(parts);
}
