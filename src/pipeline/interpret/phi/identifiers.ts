import type { Hit } from './hit.js';

/**
 * Record numbers and other identifiers, and ages over 89 (HIPAA: ages up to 89 may stay). An
 * identifier is a value after a label (MRN, Reg. No, Regd. No, Lab no., Accession, Patient ID,
 * Labor-Nr, ref #...) with a digit in it ("A20-00451", "MH-004451", "abcdefg12", "943 476
 * 5919"), an SSN-shaped number, or a bare run of seven or more digits.
 */
/** What a numbered document or record is called before "No", "Number", "ID", "#"... */
const RECORD = String.raw`(?:medical\s+record|record|hospital|hosp\.?|reg(?:d|istration|istered)?\.?|patient|pt\.?|ip|op|ipd|opd|cr|mr|lab(?:oratory)?|lab\.?\s+ref|sample|specimen|order|report|bill|receipt|invoice|req(?:uisition)?\.?|ref(?:erence)?\.?|visit|encounter|episode|admission|case|account|acct\.?|acc(?:ession)?\.?|policy|member|insurance|subscriber|client|barcode|nhs|chi|nhi|health\s+card|medicare|medicaid|social\s+security|id)`;
const NUMBER = String.raw`(?:no|nr|num|number|#|id|code)`;
const LABEL = String.raw`(?:mrn|mr\s?#|${RECORD}\.?\s{0,2}${NUMBER}|[a-z]{2,14}-?(?:nr|nummer)|medical\s+record|uhid|pid|sid|accession|account|acct|ssn|barcode|id)`;
const RE = {
  labelled: new RegExp(
    String.raw`\b(${LABEL})\.?(?:\s{0,3}[:#=.-]){0,2}\s{0,3}(\d{2,5}(?:\s\d{3,5}){1,3}|(?:[A-Za-z]{1,12}[-/]?)?\d[A-Za-z0-9/-]{0,29})(?![\w]|[.,]\d)`,
    'gi',
  ),
  ssn: /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])/g,
  longNumber: /(?<![\w.,/-])\d{7,20}(?![\w]|[.,]\d)/g,
  age: /(?<![\w.])(\d{2,3})\s{0,2}(?:-\s{0,2})?(?:yo\b|y\.o\.?|y\/o|yrs?\b|years?\b|year-old|yr-old)/gi,
  ageLabel: /\bage(?:\/sex|\/gender)?\s{0,2}[:=-]?\s{0,3}(\d{2,3})\b/gi,
  ageWords:
    /\b(?:ninety|one hundred)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?(?=[\s-]{1,2}(?:yo\b|y\.o|year|yr))/gi,
};

export function findIdentifiers(line: string): Hit[] {
  const hits: Hit[] = [];
  for (const m of line.matchAll(RE.labelled)) {
    const value = m[2] ?? '';
    const start = m.index + m[0].length - value.length;
    const end = start + value.length;
    const digits = value.replace(/\D/g, '').length;
    // "ID: 98.9" and "ID= Tmax-99" (infectious disease), "specimen #2": not identifiers.
    if (/^\.\d/.test(line.slice(end, end + 2))) continue;
    if (/^id$/i.test(m[1] ?? '') ? digits < 4 : digits < 3 && value.length < 4) continue;
    hits.push({ kind: 'identifier', start, end });
  }
  for (const m of line.matchAll(RE.ssn))
    hits.push({ kind: 'identifier', start: m.index, end: m.index + m[0].length });
  for (const m of line.matchAll(RE.longNumber))
    hits.push({ kind: 'identifier', start: m.index, end: m.index + m[0].length });
  for (const re of [RE.age, RE.ageLabel]) {
    for (const m of line.matchAll(re)) {
      const age = Number(m[1]);
      if (age < 90 || age > 130) continue;
      const start = m.index + m[0].indexOf(m[1] ?? '');
      hits.push({ kind: 'age', start, end: start + (m[1]?.length ?? 0) });
    }
  }
  for (const m of line.matchAll(RE.ageWords))
    hits.push({ kind: 'age', start: m.index, end: m.index + m[0].length });
  return hits;
}
