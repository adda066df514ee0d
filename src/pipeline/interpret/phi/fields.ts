import type { Hit } from './hit.js';
import type { DocContext } from './line-view.js';
import { isFunctionWord, isKnownName, isVocabulary } from './tokens.js';

/**
 * Labelled fields of report headers: "Patient Name: Mr. John Smith   Age/Sex: 27 YRS / M",
 * "Ref. By: Dr. Rao", "DOB: 10/22/1962", "Address: 12 Park Lane, Springfield". A field's value
 * runs to the next label, a run of two or more spaces, a tab, a bar or the end of the line.
 */
const NAME_LABEL = String.raw`(?:patient(?:'s)?\s+name|pt\.?\s+name|name\s+of\s+(?:the\s+)?patient|patient|name|ref(?:erred)?\.?\s*by|referring\s+(?:doctor|physician|provider|dr\.?)|consultant|consulting\s+(?:doctor|physician)|doctor|physician|attending|provider|ordering\s+(?:physician|provider|doctor)|signed\s+by|verified\s+by|reported\s+by|approved\s+by|checked\s+by|collected\s+by|pathologist|technician|technologist|phlebotomist|next\s+of\s+kin|emergency\s+contact|guardian|father(?:'s)?\s+name|mother(?:'s)?\s+name|spouse(?:'s)?\s+name|husband(?:'s)?\s+name)`;
const NAME_FIELD = new RegExp(String.raw`\b${NAME_LABEL}\s{0,3}[:=-]\s{0,4}([^\t|:]{1,80})`, 'gi');
const DATE_PART = String.raw`(?:\d{1,4}|[A-Za-z]{3,9}\.?)`;
const DOB_FIELD = new RegExp(
  String.raw`\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date)(?![a-z])\s{0,3}[:=-]?\s{0,4}(${DATE_PART}(?:[\s,./-]{1,3}${DATE_PART}){1,2})`,
  'gi',
);
const ADDRESS_FIELD = /\b(?:address|addr\.?|residence|street)\s{0,3}[:=-]\s{0,4}([^\t|]{3,120})/gi;
const TITLE = /^(?:mr|mrs|ms|miss|mister|master|mx|dr|prof|baby|smt|shri|sri|km|kum)\.?$/i;
/** The next label inside a value: "John Smith Age: 27" ends the name before "Age". */
const NEXT_LABEL =
  /\s(?:age|sex|gender|dob|d\.o\.b|mrn|reg|id|uhid|date|ref|tel|phone|mobile|sample|collected|reported|bed|ward|room|visit|lab|acc)\b/i;

export function findFields(line: string, ctx: DocContext): Hit[] {
  const hits: Hit[] = [];
  for (const m of line.matchAll(NAME_FIELD)) {
    let value = m[1] ?? '';
    const valueStart = m.index + m[0].length - value.length;
    value = value.split(/\s{2,}|[,;()[\]]/)[0] ?? '';
    const label = NEXT_LABEL.exec(value);
    if (label) value = value.slice(0, label.index);
    const words = [...value.matchAll(/[A-Za-z][A-Za-z'.-]{0,30}/g)];
    const named = words.filter((w) => !TITLE.test(w[0]));
    if (named.length === 0 || named.length > 5) continue;
    if (named.some((w) => /\d/.test(w[0])) || /\d/.test(value)) continue;
    // A name, not a sentence ("Patient: alert and oriented"): no everyday word unless a name.
    const nameish = (w: string) => {
      const lower = w.toLowerCase().replace(/\.$/, '');
      return lower.length === 1 || isKnownName(lower) || !isVocabulary(lower);
    };
    if (!named.every((w) => nameish(w[0]))) continue;
    const first = named[0];
    const last = named[named.length - 1];
    if (first === undefined || last === undefined) continue;
    hits.push({
      kind: 'name',
      start: valueStart + first.index,
      end: valueStart + last.index + last[0].length,
    });
    for (const w of named) {
      const lower = w[0].toLowerCase().replace(/\.$/, '');
      if (lower.length >= 3 && !isFunctionWord(lower)) ctx.names.add(lower);
    }
  }
  for (const m of line.matchAll(DOB_FIELD)) {
    const value = m[1] ?? '';
    const start = m.index + m[0].length - value.length;
    hits.push({ kind: 'date', start, end: start + value.length });
  }
  for (const m of line.matchAll(ADDRESS_FIELD)) {
    const value = (m[1] ?? '').split(/\s{3,}|\t/)[0]?.trimEnd() ?? '';
    const start = m.index + m[0].length - (m[1] ?? '').length;
    if (value.length >= 3) hits.push({ kind: 'address', start, end: start + value.length });
  }
  return hits;
}
