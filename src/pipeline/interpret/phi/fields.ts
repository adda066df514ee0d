import type { Hit } from './hit.js';
import type { DocContext } from './line-view.js';
import { findNameFields } from './name-fields.js';

/**
 * Labelled fields of report headers: names (name-fields.ts), "DOB: 10/22/1962", "born
 * 22.05.2019", "Age/Sex: 27 YRS / M", "Address: 12 Park Lane, Springfield". A field's value runs
 * to the next label, a run of spaces, a tab, a bar or the end of the line.
 */
/** A date's parts: numbers, or month names ("DOB: Oct 22 1962"), never other words. */
const DATE_PART = String.raw`(?:\d{1,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?)`;
const DOB_FIELD = new RegExp(
  String.raw`\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?|geb(?:urtsdatum|\.?-?\s?datum|\.)?)(?![a-z])\s{0,3}[:=-]?\s{0,4}(${DATE_PART}(?:[\s,./-]{1,3}${DATE_PART}){1,2})`,
  'gi',
);
const ADDRESS_FIELD = /\b(?:address|addr\.?|residence|street)\s{0,3}[:=-]\s{0,4}([^\t|]{3,120})/gi;
/**
 * The age in a header's demographic field ("Age: 34 yrs", "Age/Sex: 27 YRS / M", "Sex/Age: F/62
 * Y"), whatever its value: beside the name it identifies the patient. Ages in running text are
 * PHI only over 89 (identifiers.ts), as HIPAA's safe harbour has it.
 */
const AGE_UNIT = String.raw`(?:y(?:ears?|rs?|r)?|yo|y\/o|m(?:onths?|o|os)|d(?:ays?)?|w(?:ee)?ks?)\.?(?![a-z])`;
/** "45 Y", "27YRS", "3 Months", "45Y 3M 2D". */
const AGE = String.raw`\d{1,3}(?:\.\d)?\s{0,2}(?:${AGE_UNIT}(?:\s{0,2}\d{1,2}\s{0,2}(?:m(?:onths?|os?)?|d(?:ays?)?)\.?(?![a-z])){0,2})?`;
const SEX = String.raw`(?:male|female|m|f|o|u|other|unknown)(?![a-z])`;
const AGE_FIELD = new RegExp(
  String.raw`\b(?:age(?:\s{0,2}[/&]\s{0,2}(?:sex|gender|sx|g))?|(?:sex|gender)\s{0,2}[/&]\s{0,2}age)\s{0,4}[:=-]\s{0,4}((?:${SEX}\s{0,2}[/,]\s{0,2})?${AGE}(?:\s{0,2}[/,]\s{0,2}${SEX})?)`,
  'gi',
);

/** `lineStart`: the text opens its line (a long line is read in slices). */
export function findFields(line: string, ctx: DocContext, lineStart = true): Hit[] {
  const hits = findNameFields(line, ctx, lineStart);
  for (const m of line.matchAll(DOB_FIELD)) {
    const value = m[1] ?? '';
    if (!/\d/.test(value)) continue;
    const start = m.index + m[0].length - value.length;
    hits.push({ kind: 'date', start, end: start + value.length });
  }
  for (const m of line.matchAll(AGE_FIELD)) {
    const value = (m[1] ?? '').trimEnd();
    const start = m.index + m[0].length - (m[1] ?? '').length;
    hits.push({ kind: 'age', start, end: start + value.length });
  }
  for (const m of line.matchAll(ADDRESS_FIELD)) {
    const value = (m[1] ?? '').split(/\s{3,}|\t/)[0]?.trimEnd() ?? '';
    const start = m.index + m[0].length - (m[1] ?? '').length;
    if (value.length >= 3) hits.push({ kind: 'address', start, end: start + value.length });
  }
  return hits;
}
