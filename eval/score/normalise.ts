/** Lower case, accents and punctuation dropped, single spaces: "Bilirubin, Total" → "bilirubin total". */
export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function tokens(text: string): string[] {
  const n = normalise(text);
  return n === '' ? [] : n.split(' ');
}

/** Whether `part` occurs in `whole` as consecutive tokens. */
export function containsTokens(whole: readonly string[], part: readonly string[]): boolean {
  if (part.length === 0 || part.length > whole.length) return false;
  for (let i = 0; i + part.length <= whole.length; i++)
    if (part.every((t, j) => whole[i + j] === t)) return true;
  return false;
}

export function startsWithTokens(whole: readonly string[], part: readonly string[]): boolean {
  return part.length > 0 && part.length <= whole.length && part.every((t, i) => whole[i] === t);
}

/** A unit for comparison: case, spaces and the micro sign do not matter ("µg/L" = "ug/l"). */
export function unitKey(unit: string | null | undefined): string {
  return (unit ?? '').replace(/[µμ]/g, 'u').replace(/\s+/g, '').toLowerCase();
}

/** Equal numbers, within a relative 1e-9 (printed decimals parse exactly; this absorbs float noise). */
export function sameNumber(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** Whitespace-free, case-free text with a map from each kept character back to its index. */
export function squashed(text: string): { text: string; index: number[] } {
  let out = '';
  const index: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) continue;
    out += ch.toLowerCase();
    index.push(i);
  }
  return { text: out, index };
}
