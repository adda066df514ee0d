import type { LabFlag, LabResult } from '../../../domain/result.js';
import type { SourceLine } from '../source-lines.js';
import { findLabTest, loincFor } from './lab-catalogue.js';
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
  /\b(page|date|time|tel|telephone|phone|mobile|call|contact|fax|age|dob|birth|mrn|id|no|number|ref|reg|regd|report|reported|sample|specimen|collected|received|registered|patient|name|ward|room|bed|years?|yrs|visit|account|zip|street|printed|doctor|dr|physician|lab|laboratory|sex|gender|height|weight|bmi|pulse|temp|temperature|bp|blood pressure|heart rate|respiratory|resp|spo2|o2 sat|saturation)\b/i;
const MAX_TOKENS = 40;

export interface RowContext {
  readonly style: NumberStyle;
}

/** Parses one line as a lab row; `namePrefix` joins a name wrapped onto the line above. */
export function parseLabRow(
  line: SourceLine,
  context: RowContext,
  namePrefix?: string,
): LabResult | undefined {
  const cells = line.cells.length > 0 ? line.cells.map((c) => c.text) : [line.text];
  const tokens = tokenise(cells);
  if (tokens.length === 0 || tokens.length > MAX_TOKENS) return undefined;
  const ends = nameEnds(tokens, namePrefix !== undefined);
  for (const end of ends) {
    const nameText = [namePrefix, ...tokens.slice(0, end).map((t) => t.text)]
      .filter((part) => part !== undefined && part !== '')
      .join(' ');
    const result = parseFrom(tokens, end, cleanName(nameText), line, context);
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
): LabResult | undefined {
  let name = printedName;
  let flag: NonNullable<LabFlag> | undefined;
  const trailing = TRAILING_FLAG.exec(name);
  if (trailing?.[1] !== undefined && trailing[2] !== undefined && findLabTest(name) === undefined) {
    name = trailing[1];
    flag = printedFlag(trailing[2]);
  }
  if (name.length < 2 || !NAME.test(name) || NOT_A_TEST.test(name)) return undefined;
  if (!/\p{L}{2}/u.test(name) && !/^[A-Z][a-z]?\d?$/.test(name)) return undefined;
  const test = findLabTest(name);
  let value: ParsedValue | undefined;
  let unit: string | undefined;
  let range: ReferenceRange | undefined;
  for (let i = start; i < tokens.length;) {
    const text = tokens[i]?.text ?? '';
    if (text === ':' || text === '|') {
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
  const code = test === undefined ? undefined : loincFor(test, unit ?? null);
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
