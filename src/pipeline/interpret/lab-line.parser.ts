import type { LabFlag, LabResult } from '../../domain/result.js';

/**
 * First-cut lab row parser: `name value [flag] [unit] [range] [flag]` on one line, columns in
 * that order. It accepts a row only when it has a unit or a reference range, so headers, dates,
 * page numbers and phone numbers are not taken for results. The full engine replaces it.
 */
const NUMBER = String.raw`-?\d{1,7}(?:[.,]\d+)?`;
const VALUE = new RegExp(String.raw`^(<=|>=|<|>|≤|≥)?(${NUMBER})$`);
const RANGE_BETWEEN = new RegExp(String.raw`^(${NUMBER})\s*(?:-|–|to)\s*(${NUMBER})$`);
const RANGE_BOUND = new RegExp(String.raw`^(<=|>=|<|>|≤|≥|up to)\s*(${NUMBER})$`, 'i');
/** A unit is a ratio (g/dL, 10^3/uL, x10^9/L), a percentage, or one of the plain lab units. */
const RATIO_UNIT =
  /^(?=[^/]*[a-zA-Zµμ%]|.*\/.*[a-zA-Zµμ])(?:x?10\^\d+|\d+\^\d+)?[a-zA-Zµμ0-9^*.]*(?:\/[a-zA-Zµμ0-9^.]+)+$/;
const PLAIN_UNITS = new Set(
  [
    '%',
    'g',
    'mg',
    'ug',
    'µg',
    'μg',
    'ng',
    'pg',
    'kg',
    'fl',
    'pl',
    'ml',
    'l',
    'dl',
    'mm',
    'cm',
    's',
    'sec',
    'secs',
    'seconds',
    'min',
    'ratio',
    'index',
    'iu',
    'u',
    'miu',
    'meq',
    'mmol',
    'umol',
    'µmol',
    'nmol',
    'pmol',
    'mosm',
    'mmhg',
    'bpm',
    'kpa',
    'copies',
    'titer',
    'titre',
  ].map((u) => u.toLowerCase()),
);
const isUnit = (token: string) => RATIO_UNIT.test(token) || PLAIN_UNITS.has(token.toLowerCase());
const FLAGS: ReadonlyMap<string, NonNullable<LabFlag>> = new Map<string, NonNullable<LabFlag>>([
  ['h', 'high'],
  ['high', 'high'],
  ['l', 'low'],
  ['low', 'low'],
  ['hh', 'critical_high'],
  ['ll', 'critical_low'],
  ['*', 'abnormal'],
  ['a', 'abnormal'],
  ['abnormal', 'abnormal'],
]);
const NAME = /^[A-Za-z][A-Za-z0-9 ,()%/.'+-]{0,60}$/;
/** Words that mark a line as patient, report or contact details, wherever they appear in the name. */
const NOT_A_TEST =
  /\b(page|date|tel|telephone|phone|mobile|call|contact|fax|age|dob|birth|mrn|id|no|number|ref|report|sample|specimen|collected|received|patient|ward|room|bed|years?)\b/i;

type Comparator = NonNullable<LabResult['comparator']>;

/** No lab row is this long; longer lines are prose (and bound the regex work per line). */
const MAX_LINE = 300;
/** No unit, value or range token is this long. */
const MAX_TOKEN = 32;

export function parseLabLine(text: string, page: number, line = 1): LabResult | undefined {
  if (text.length > MAX_LINE) return undefined;
  const tokens = text.trim().split(/\s+/);
  if (tokens.some((token) => token.length > MAX_TOKEN)) return undefined;
  const valueAt = tokens.findIndex((t, i) => i > 0 && VALUE.test(t));
  if (valueAt < 1) return undefined;
  const name = tokens
    .slice(0, valueAt)
    .join(' ')
    .replace(/[:.]{1,8}$/, '');
  if (!NAME.test(name) || NOT_A_TEST.test(name)) return undefined;

  const [, rawComparator, rawValue] = VALUE.exec(tokens[valueAt] ?? '') ?? [];
  if (rawValue === undefined) return undefined;
  let rest = tokens.slice(valueAt + 1);
  let printed: NonNullable<LabFlag> | undefined;
  const takeFlag = () => {
    const flag = FLAGS.get((rest[0] ?? '').toLowerCase());
    if (flag !== undefined && printed === undefined) {
      printed = flag;
      rest = rest.slice(1);
    }
  };
  takeFlag();
  let unit: string | null = null;
  if (rest[0] !== undefined && isUnit(rest[0]) && !FLAGS.has(rest[0].toLowerCase())) {
    unit = rest[0];
    rest = rest.slice(1);
  }
  takeFlag();
  const range = parseRange(rest);
  if (range !== undefined) rest = rest.slice(range.tokens);
  takeFlag();
  if (rest.length > 0 || (unit === null && range === undefined)) return undefined;

  const value = toNumber(rawValue);
  const comparator = normaliseComparator(rawComparator);
  const computed = printed === undefined ? computeFlag(value, comparator, range) : undefined;
  return {
    name,
    value,
    valueText: tokens[valueAt] ?? rawValue,
    ...(comparator === undefined ? {} : { comparator }),
    unit,
    ...(range === undefined ? {} : { referenceRange: range.range }),
    flag: printed ?? computed ?? null,
    flagSource: printed !== undefined ? 'printed' : computed !== undefined ? 'computed' : 'none',
    page,
    line,
    confidence: range === undefined ? 0.6 : 0.75,
  };
}

function parseRange(
  tokens: readonly string[],
): { range: NonNullable<LabResult['referenceRange']>; tokens: number } | undefined {
  for (let take = Math.min(3, tokens.length); take >= 1; take--) {
    const text = tokens.slice(0, take).join(' ');
    const between = RANGE_BETWEEN.exec(text);
    if (between?.[1] !== undefined && between[2] !== undefined) {
      return {
        range: { low: toNumber(between[1]), high: toNumber(between[2]), text },
        tokens: take,
      };
    }
    const bound = RANGE_BOUND.exec(text);
    if (bound?.[1] !== undefined && bound[2] !== undefined) {
      const limit = toNumber(bound[2]);
      const upper = /^(<|<=|≤|up to)$/i.test(bound[1]);
      return { range: upper ? { high: limit, text } : { low: limit, text }, tokens: take };
    }
  }
  return undefined;
}

function computeFlag(
  value: number,
  comparator: Comparator | undefined,
  range: { range: NonNullable<LabResult['referenceRange']> } | undefined,
): LabFlag | undefined {
  if (range === undefined || comparator !== undefined) return undefined;
  const { low, high } = range.range;
  if (low !== undefined && value < low) return 'low';
  if (high !== undefined && value > high) return 'high';
  return 'normal';
}

/** A comma followed by exactly three digits is a thousands separator; otherwise a decimal comma. */
function toNumber(text: string): number {
  const normalised = /^-?\d{1,3},\d{3}$/.test(text)
    ? text.replace(',', '')
    : text.replace(',', '.');
  return Number(normalised);
}

function normaliseComparator(raw: string | undefined): Comparator | undefined {
  switch (raw) {
    case '≤':
      return '<=';
    case '≥':
      return '>=';
    case '<':
    case '<=':
    case '>':
    case '>=':
      return raw;
    default:
      return undefined;
  }
}
