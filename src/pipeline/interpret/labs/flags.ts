import type { LabFlag } from '../../../domain/result.js';
import type { ParsedValue, ReferenceRange } from './row-tokens.js';

const PRINTED: ReadonlyMap<string, NonNullable<LabFlag>> = new Map<string, NonNullable<LabFlag>>([
  ['h', 'high'],
  ['high', 'high'],
  ['hi', 'high'],
  ['↑', 'high'],
  ['l', 'low'],
  ['low', 'low'],
  ['lo', 'low'],
  ['↓', 'low'],
  ['hh', 'critical_high'],
  ['h*', 'critical_high'],
  ['ch', 'critical_high'],
  ['ll', 'critical_low'],
  ['l*', 'critical_low'],
  ['cl', 'critical_low'],
  ['*', 'abnormal'],
  ['a', 'abnormal'],
  ['abn', 'abnormal'],
  ['abnormal', 'abnormal'],
  ['critical', 'abnormal'],
  ['n', 'normal'],
  ['normal', 'normal'],
]);

/** A flag printed beside a result (H, L, HH, LL, *, High, Low, Abnormal, Critical). */
export function printedFlag(token: string): NonNullable<LabFlag> | undefined {
  const bare = token.replace(/^[([*]+|[)\]*]+$/g, ''); // (H), [L], *HI*
  return PRINTED.get((bare === '' ? token : bare).toLowerCase());
}

/**
 * The flag implied by the value and the printed range, or undefined when they do not decide it:
 * no range, a sex-specific range, or a bound such as `<0.5` that straddles the range.
 */
export function computeFlag(
  value: ParsedValue,
  range: ReferenceRange | undefined,
): LabFlag | undefined {
  if (range === undefined) return undefined;
  if (value.value === null) return qualitativeFlag(value, range);
  const { low, high } = range;
  if (low === undefined && high === undefined) return undefined;
  const v = value.value;
  switch (value.comparator) {
    case undefined:
      if (low !== undefined && v < low) return 'low';
      if (high !== undefined && v > high) return 'high';
      return 'normal';
    case '<':
    case '<=':
      if (low !== undefined && v <= low) return 'low';
      if (high !== undefined && v <= high && (low === undefined || low <= 0)) return 'normal';
      return undefined;
    case '>':
    case '>=':
      if (high !== undefined && v >= high) return 'high';
      if (low !== undefined && v >= low && high === undefined) return 'normal';
      return undefined;
  }
}

const NEGATIVE_RANGE = /^(negative|neg|nil|absent|non[- ]?reactive|not detected|none|normal)$/i;

function qualitativeFlag(value: ParsedValue, range: ReferenceRange): LabFlag | undefined {
  if (value.qualitative === undefined || !NEGATIVE_RANGE.test(range.text)) return undefined;
  return value.qualitative === 'negative' || value.qualitative === 'normal' ? 'normal' : 'abnormal';
}
