import type { LabFlag, LabResult } from '../../../domain/result.js';
import type { SourceLine } from '../source-lines.js';
import { findLabTest, labTestOf, loincFor } from './lab-catalogue.js';
import type { LabTestDefinition } from './lab-tests.data.js';
import { computeFlag, printedFlag } from './flags.js';
import type { NumberStyle } from './numbers.js';
import {
  parseNumericValue,
  parseQualitative,
  parseRange,
  tokenise,
  type ParsedValue,
  type ReferenceRange,
  type RowToken,
} from './row-tokens.js';
import { isUnitToken, toUcum } from './units.js';

/**
 * One lab result row: a name, then value, unit, reference range and flag in any order. A row is
 * accepted only when everything after the name is one of those, and it has a unit or a range or
 * names a test known to be printed bare (INR, pH): headers, dates, page numbers, phone numbers and
 * prose are not results.
 */
const NAME = /^\p{L}[\p{L}\p{N} ,()[\]#%/.'+&:-]{0,80}$/u;
/** Words that mark a line as patient, report or contact details wherever they appear in the name. */
const NOT_A_TEST =
  /\b(page|date|time|tel|telephone|phone|mobile|call|contact|fax|age|dob|birth|mrn|id|no|number|ref|reg|regd|report|reported|sample|specimen|collected|received|registered|patient|name|ward|room|bed|years?|yrs|visit|account|zip|street|printed|doctor|dr|physician|lab|laboratory|sex|gender|height|weight|bmi|pulse|temp|temperature|bp|blood pressure|body mass index|body surface area|heart rate|respiratory|resp|spo2|o2 sat|saturation)\b/i;
const MAX_TOKENS = 40;
const LEADING_DATE =
  /^(?:(?:resulted|collected|reported|drawn|date)(?: on| at)?:?\s*)?(?:\d{1,4}[-/.](?:\d{1,2}|[a-z]{3,9})[-/.]\d{2,4}|[a-z]{3,9} \d{1,2},? \d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?)?$/i;
const STATUS =
  /^(?:completed|complete|final|finding|performed|corrected|preliminary|resulted|verified)$/i;
/** "(07/10/2013 22:25:00 America/Chicago)" after a value: when it was measured, not the value. */
const TRAILING_TIMESTAMP = /\s*\((?=[^)]*\d{1,2}[/:-]\d{2})[^()]{0,60}\)\s*$/;
/** A "[135-145 mmol/L]" reference range printed inside the name cell. */
const BRACKET_RANGE = /^(.*\S)\s*\[([^\]]{1,40})\]$/;

/**
 * Tables that list the code system and the code beside the name ("High Density | LOINC |
 * 14646-4 | HDLc SerPl-sCnc | 55 | mg/dL"): the code columns and the coded description are
 * taken out of the row; the printed code is returned so it can be used when the catalogue knows it.
 */
function takeCodeColumns(cells: string[]): string | undefined {
  const at = cells.findIndex(
    (cell, i) => /^loinc$/i.test(cell.trim()) && /^\d{1,6}-\d$/.test(cells[i + 1]?.trim() ?? ''),
  );
  if (at < 0) return undefined;
  const code = cells[at + 1]?.trim();
  const describedAfter = at > 0 && /^\p{L}/u.test(cells[at + 2] ?? '');
  cells.splice(at, describedAfter ? 3 : 2);
  return code;
}
/** Labels printed before a range, and separators, that carry nothing themselves. */
const FILLER =
  /^(?:range:?|ref\.?:?|reference:?|ref\.? ?range:?|normal:?|=|\||-|\((?:calc|calculated|est|estimated)\.?\))$/i;

export interface RowContext {
  readonly style: NumberStyle;
}

/** Parses one line as a lab row; `namePrefix` joins a name wrapped onto the line above. */
export function parseLabRow(
  line: SourceLine,
  context: RowContext,
  namePrefix?: string,
): LabResult | undefined {
  const cells = (line.cells.length > 0 ? line.cells.map((c) => c.text) : [line.text]).map((cell) =>
    cell.replace(TRAILING_TIMESTAMP, ''),
  );
  // A leading date or "Resulted on: …" cell (results listed by time) comes before the name;
  // trailing date and status columns ("03-31-2010 | Completed") come after the row.
  while (cells.length > 2 && namePrefix === undefined && LEADING_DATE.test(cells[0] ?? ''))
    cells.shift();
  while (
    cells.length > 2 &&
    (LEADING_DATE.test(cells.at(-1) ?? '') || STATUS.test(cells.at(-1) ?? ''))
  )
    cells.pop();
  const printedCode = takeCodeColumns(cells);
  const bracket = BRACKET_RANGE.exec(cells[0] ?? '');
  if (bracket?.[1] !== undefined && bracket[2] !== undefined && /^\s*[<>≤≥\d.]/.test(bracket[2])) {
    cells[0] = bracket[1];
    cells.push(bracket[2]); // read after the value, like any range column
  }
  const tokens = tokenise(cells);
  if (tokens.length === 0 || tokens.length > MAX_TOKENS) return undefined;
  const ends = nameEnds(tokens, namePrefix !== undefined);
  for (const end of ends) {
    const nameText = [namePrefix, ...tokens.slice(0, end).map((t) => t.text)]
      .filter((part) => part !== undefined && part !== '')
      .join(' ');
    const result = parseFrom(tokens, end, cleanName(nameText), line, context, printedCode);
    if (result !== undefined) return result;
  }
  return undefined;
}

/** Where the name may end: after the first cell, or before the first value-like token. */
function nameEnds(tokens: readonly RowToken[], prefixed: boolean): number[] {
  const ends = new Set<number>();
  const firstCellEnd = tokens.findIndex((t) => t.cell !== tokens[0]?.cell);
  if (firstCellEnd > 0) ends.add(firstCellEnd);
  const start = prefixed ? 0 : 1;
  for (let i = start; i < tokens.length; i++) {
    const text = tokens[i]?.text ?? '';
    if (/^[<>≤≥=]*[+-]?\d/.test(text) || parseQualitative(tokens, i) !== undefined) {
      ends.add(i);
      break;
    }
  }
  return [...ends];
}

function cleanName(name: string): string {
  return name
    .replace(/\s+(?:specimen|sample|method)\s*[:.]\s*.*$/i, '') // a note run into the name
    .replace(/\.{2,}|…|_{2,}/g, ' ')
    .replace(/^[-*•·\s]+/, '')
    .replace(/[\s:.=-]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A flag printed between the name and the value ends up in the name cell: `MCHC  H  35.7`. */
const TRAILING_FLAG = /^(.*\S)\s+(H|L|HH|LL|\*|High|Low)$/;

function parseFrom(
  tokens: readonly RowToken[],
  start: number,
  printedName: string,
  line: SourceLine,
  context: RowContext,
  printedCode?: string,
): LabResult | undefined {
  let name = printedName;
  let flag: NonNullable<LabFlag> | undefined;
  const trailing = TRAILING_FLAG.exec(name);
  if (trailing?.[1] !== undefined && trailing[2] !== undefined && findLabTest(name) === undefined) {
    name = trailing[1];
    flag = printedFlag(trailing[2]);
  }
  const coded =
    printedCode === undefined ? undefined : labTestOf({ name: '', code: { code: printedCode } });
  const test = coded ?? findLabTest(name);
  // One-letter names are results only when they are a known analyte (K).
  if (name.length < 2 && test === undefined) return undefined;
  if (!NAME.test(name) || NOT_A_TEST.test(name)) return undefined;
  if (!/\p{L}{2}/u.test(name) && !/^[A-Z][a-z]?\d?$/.test(name)) return undefined;
  let value: ParsedValue | undefined;
  let unit: string | undefined;
  let range: ReferenceRange | undefined;
  for (let i = start; i < tokens.length;) {
    const text = tokens[i]?.text ?? '';
    // Fillers, and the unit printed again after the range ("16 g/dl  Range: 13.5 - 18.0 g/dl").
    if (text === ':' || FILLER.test(text) || text.toLowerCase() === unit?.toLowerCase()) {
      i += 1;
      continue;
    }
    const printed = printedFlag(text);
    if (
      printed !== undefined &&
      flag === undefined &&
      !(printed === 'normal' && value === undefined)
    ) {
      flag = printed;
      i += 1;
      continue;
    }
    if (value === undefined) {
      const parsed = readValue(tokens, i, context.style, test);
      if (parsed !== undefined) {
        value = parsed;
        i += parsed.consumed;
        continue;
      }
    } else if (range === undefined) {
      const parsed = parseRange(tokens, i, context.style);
      if (parsed !== undefined) {
        range = parsed.range;
        i += parsed.consumed;
        continue;
      }
    }
    if (unit === undefined && isUnitToken(text)) {
      unit = text;
      i += 1;
      continue;
    }
    return undefined;
  }
  if (value === undefined) return undefined;
  const numeric = value.value !== null;
  if (numeric && unit === undefined && range === undefined && test === undefined) return undefined;
  if (!numeric && test?.qualitative !== true && range === undefined) return undefined;
  if (!numeric && test === undefined) return undefined;

  const computed = flag === undefined ? computeFlag(value, range) : undefined;
  const finalFlag = flag ?? computed ?? null;
  // A code printed on the page is kept when the catalogue verifies it; otherwise ours, if any.
  const code =
    coded !== undefined
      ? printedCode
      : test === undefined
        ? undefined
        : loincFor(test, unit ?? null);
  const ucum = unit === undefined ? undefined : toUcum(unit);
  return {
    name,
    ...(code === undefined ? {} : { code: { system: 'http://loinc.org', code } }),
    value: value.value,
    valueText: value.valueText,
    ...(value.comparator === undefined ? {} : { comparator: value.comparator }),
    unit: unit ?? null,
    ...(ucum === undefined ? {} : { ucum }),
    ...(range === undefined ? {} : { referenceRange: range }),
    flag: finalFlag,
    flagSource: flag !== undefined ? 'printed' : computed !== undefined ? 'computed' : 'none',
    page: line.page,
    line: line.line,
    confidence: confidence(test, unit, range, line.confidence),
  };
}

function readValue(
  tokens: readonly RowToken[],
  at: number,
  style: NumberStyle,
  test: LabTestDefinition | undefined,
): ParsedValue | undefined {
  const numeric = parseNumericValue(tokens, at, style);
  if (numeric !== undefined) return numeric;
  const qualitative = parseQualitative(tokens, at);
  // Qualitative words are results only for tests reported that way; "Glucose Normal" is not.
  if (qualitative === undefined || (test !== undefined && test.qualitative !== true))
    return undefined;
  return {
    value: null,
    valueText: qualitative.text,
    qualitative: qualitative.kind,
    consumed: qualitative.consumed,
  };
}

function confidence(
  test: LabTestDefinition | undefined,
  unit: string | undefined,
  range: ReferenceRange | undefined,
  lineConfidence: number,
): number {
  let score = test === undefined ? 0.6 : 0.9;
  if (unit === undefined) score -= 0.05;
  if (range === undefined) score -= 0.1;
  return Math.round(Math.max(0.05, Math.min(1, score * Math.max(0.3, lineConfidence))) * 100) / 100;
}
