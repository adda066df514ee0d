/**
 * Numbers as labs print them. Decimal commas (`13,2`) and thousands separators (`5,100`) share a
 * character, so the document decides: a report whose numbers mostly carry a comma followed by one
 * or two digits is a decimal-comma report, where `,` is the decimal mark and `.` followed by
 * exactly three digits groups thousands (`5.100` = 5100). Elsewhere `.` is the decimal mark and a
 * comma followed by exactly three digits groups thousands (`5,100` = 5100), while a comma with one
 * or two digits after it can only be a decimal (`13,2` = 13.2).
 */
export type NumberStyle = 'dot' | 'comma';

/** Includes `.8` (some exports drop the leading zero). */
const NUMBER_TEXT = /^[+-]?(?:(?:\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,]\d+)?|\.\d+)$/;
const DECIMAL_COMMA = /(?<![\d.,])\d+,\d{1,2}(?![\d.,])/g;
const DECIMAL_DOT = /(?<![\d.,])\d+\.\d{1,2}(?![\d.,])/g;

export function detectNumberStyle(texts: readonly string[]): NumberStyle {
  let commas = 0;
  let dots = 0;
  for (const text of texts) {
    commas += text.match(DECIMAL_COMMA)?.length ?? 0;
    dots += text.match(DECIMAL_DOT)?.length ?? 0;
  }
  return commas > dots ? 'comma' : 'dot';
}

export function isNumberText(text: string): boolean {
  return text.length <= 16 && NUMBER_TEXT.test(text);
}

/** Parses a printed number; undefined when the text is not one. */
export function parseNumber(text: string, style: NumberStyle): number | undefined {
  if (!isNumberText(text)) return undefined;
  let normalised: string;
  if (style === 'comma') {
    normalised = text.replace(/\.(?=\d{3}(?:\D|$))/g, '').replace(',', '.');
  } else if (/^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(text)) {
    normalised = text.replaceAll(',', '');
  } else {
    normalised = text.replace(',', '.');
  }
  const value = Number(normalised);
  return Number.isFinite(value) ? value : undefined;
}
