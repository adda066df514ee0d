import type { LabResult } from '../../../domain/result.js';
import { isNumberText, parseNumber, type NumberStyle } from './numbers.js';
import { isUnitToken, repairUnit } from './units.js';

/** A word of a row, with the cell it came from (cells are columns separated by wide gaps). */
export interface RowToken {
  readonly text: string;
  readonly cell: number;
}

type Comparator = NonNullable<LabResult['comparator']>;
export type ReferenceRange = NonNullable<LabResult['referenceRange']>;

/** Splits a row into tokens: `15.0g/dL` into value and unit, brackets off ranges. */
export function tokenise(cells: readonly string[]): RowToken[] {
  const tokens: RowToken[] = [];
  cells.forEach((cell, index) => {
    for (const raw of cell.trim().split(/\s+/)) {
      // Brackets around ranges and punctuation after a number ("4.0-5.6,") are not part of it.
      const word = repairUnit(
        raw.replace(/^[([]+(?=[\d<>≤≥.])/, '').replace(/(?<=\d)[)\],;]+$/, ''),
      );
      if (word === '') continue;
      const glued = /^([<>≤≥]=?)?(\d[\d.,]*)([a-zA-Zµμ%][^\s]*)$/.exec(word);
      if (glued?.[2] !== undefined && glued[3] !== undefined && isUnitToken(glued[3])) {
        tokens.push({ text: (glued[1] ?? '') + glued[2], cell: index });
        tokens.push({ text: glued[3], cell: index });
      } else tokens.push({ text: word, cell: index });
    }
  });
  return tokens;
}

const COMPARATOR = /^(<=|>=|=<|=>|<|>|≤|≥)$/;
const GLUED_COMPARATOR = /^(<=|>=|=<|=>|<|>|≤|≥)([+-]?\.?\d[\d.,]*)$/;

export function normaliseComparator(raw: string): Comparator | undefined {
  switch (raw) {
    case '<':
      return '<';
    case '>':
      return '>';
    case '<=':
    case '=<':
    case '≤':
      return '<=';
    case '>=':
    case '=>':
    case '≥':
      return '>=';
    default:
      return undefined;
  }
}

export interface ParsedValue {
  readonly value: number | null;
  readonly valueText: string;
  readonly comparator?: Comparator;
  readonly qualitative?: Qualitative;
  readonly consumed: number;
}

export type Qualitative = 'negative' | 'positive' | 'trace' | 'normal';
/** Qualitative results, with the polarity used to compare them with a qualitative range. */
const QUALITATIVE: readonly (readonly [RegExp, Qualitative, number])[] = [
  [/^(non|not)[- ]?(reactive|detected)$/i, 'negative', 2],
  [/^(negative|neg|nil|absent|non-?reactive|undetected|none)$/i, 'negative', 1],
  [/^(positive|pos|reactive|detected|present)$/i, 'positive', 1],
  [/^(trace|traces)$/i, 'trace', 1],
  [/^(normal)$/i, 'normal', 1],
];

export function parseQualitative(
  tokens: readonly RowToken[],
  at: number,
): { text: string; kind: Qualitative; consumed: number } | undefined {
  const two = `${tokens[at]?.text ?? ''} ${tokens[at + 1]?.text ?? ''}`;
  const one = tokens[at]?.text ?? '';
  for (const [pattern, kind, words] of QUALITATIVE) {
    const text = words === 2 ? two : one;
    if (pattern.test(text)) return { text, kind, consumed: words };
  }
  // 1+, 2+, 3+ (urine dipstick grades)
  if (/^[1-4]\+{1,4}$/.test(one)) return { text: one, kind: 'positive', consumed: 1 };
  return undefined;
}

export function parseNumericValue(
  tokens: readonly RowToken[],
  at: number,
  style: NumberStyle,
): ParsedValue | undefined {
  const first = tokens[at]?.text ?? '';
  const glued = GLUED_COMPARATOR.exec(first);
  if (glued?.[1] !== undefined && glued[2] !== undefined) {
    const value = parseNumber(glued[2], style);
    const comparator = normaliseComparator(glued[1]);
    if (value === undefined || comparator === undefined) return undefined;
    return { value, valueText: first, comparator, consumed: 1 };
  }
  if (COMPARATOR.test(first)) {
    const next = tokens[at + 1]?.text ?? '';
    const value = parseNumber(next, style);
    const comparator = normaliseComparator(first);
    if (value === undefined || comparator === undefined) return undefined;
    return { value, valueText: `${first}${next}`, comparator, consumed: 2 };
  }
  const value = parseNumber(first, style);
  return value === undefined ? undefined : { value, valueText: first, consumed: 1 };
}

const DASH = /^(?:-|–|—|to)$/i;
const BETWEEN = /^([+-]?\d[\d.,]*)\s*[-–—]\s*([+-]?\d[\d.,]*)$/;
const SEX = /^(m|f|male|female|men|women|adult|adults|child|children)[:)]?$/i;

/**
 * A printed reference range at `at`: `3.5-5.1`, `3.5 - 5.1`, `3.5 to 5.1`, `< 200`, `>= 40`,
 * `Up to 5.0`, `Negative`, and sex-specific forms (`M: 13-17 F: 12-15`), which are kept as text
 * with no bounds since the engine does not know whose report it is.
 */
export function parseRange(
  tokens: readonly RowToken[],
  at: number,
  style: NumberStyle,
): { range: ReferenceRange; consumed: number } | undefined {
  if (SEX.test(tokens[at]?.text ?? '')) return parseSexRanges(tokens, at, style);
  const simple = parseSimpleRange(tokens, at, style);
  if (simple !== undefined) return simple;
  const qualitative = parseQualitative(tokens, at);
  if (qualitative !== undefined)
    return { range: { text: qualitative.text }, consumed: qualitative.consumed };
  return undefined;
}

function parseSimpleRange(
  tokens: readonly RowToken[],
  at: number,
  style: NumberStyle,
): { range: ReferenceRange; consumed: number } | undefined {
  const text = (n: number) =>
    tokens
      .slice(at, at + n)
      .map((t) => t.text)
      .join(' ');
  const a = tokens[at]?.text ?? '';
  const b = tokens[at + 1]?.text ?? '';
  const c = tokens[at + 2]?.text ?? '';
  const between = BETWEEN.exec(a);
  if (between?.[1] !== undefined && between[2] !== undefined)
    return bounds(between[1], between[2], a, 1, style);
  if (isNumberText(a) && DASH.test(b) && isNumberText(c)) return bounds(a, c, text(3), 3, style);
  if (/^\d[\d.,]*[-–]$/.test(a) && isNumberText(b))
    return bounds(a.slice(0, -1), b, text(2), 2, style);
  if (isNumberText(a) && /^[-–]\d[\d.,]*$/.test(b)) return bounds(a, b.slice(1), text(2), 2, style);
  const glued = GLUED_COMPARATOR.exec(a);
  if (glued?.[1] !== undefined && glued[2] !== undefined)
    return bound(glued[1], glued[2], a, 1, style);
  if (COMPARATOR.test(a) && isNumberText(b)) return bound(a, b, text(2), 2, style);
  if (/^(up)$/i.test(a) && /^to$/i.test(b) && isNumberText(c))
    return bound('<=', c, text(3), 3, style);
  if (/^upto$/i.test(a) && isNumberText(b)) return bound('<=', b, text(2), 2, style);
  if (/^(less|below)$/i.test(a) && /^than$/i.test(b) && isNumberText(c))
    return bound('<', c, text(3), 3, style);
  if (/^(more|greater|above)$/i.test(a) && /^than$/i.test(b) && isNumberText(c))
    return bound('>', c, text(3), 3, style);
  return undefined;
}

function bounds(
  lowText: string,
  highText: string,
  text: string,
  consumed: number,
  style: NumberStyle,
): { range: ReferenceRange; consumed: number } | undefined {
  const low = parseNumber(lowText, style);
  const high = parseNumber(highText, style);
  if (low === undefined || high === undefined || low > high) return undefined;
  return { range: { low, high, text }, consumed };
}

function bound(
  comparator: string,
  limitText: string,
  text: string,
  consumed: number,
  style: NumberStyle,
): { range: ReferenceRange; consumed: number } | undefined {
  const limit = parseNumber(limitText, style);
  const normalised = normaliseComparator(comparator);
  if (limit === undefined || normalised === undefined) return undefined;
  const upper = normalised === '<' || normalised === '<=';
  return { range: upper ? { high: limit, text } : { low: limit, text }, consumed };
}

function parseSexRanges(
  tokens: readonly RowToken[],
  at: number,
  style: NumberStyle,
): { range: ReferenceRange; consumed: number } | undefined {
  let i = at;
  let parts = 0;
  while (SEX.test(tokens[i]?.text ?? '')) {
    const next = tokens[i + 1]?.text === ':' ? i + 2 : i + 1;
    const simple = parseSimpleRange(tokens, next, style);
    if (simple === undefined) break;
    i = next + simple.consumed;
    parts += 1;
  }
  if (parts === 0) return undefined;
  const text = tokens
    .slice(at, i)
    .map((t) => t.text)
    .join(' ');
  return { range: { text }, consumed: i - at };
}
