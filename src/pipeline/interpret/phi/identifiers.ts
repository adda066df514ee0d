import type { Hit } from './hit.js';

/**
 * Record numbers and other identifiers, and ages over 89 (HIPAA: ages up to 89 may stay). An
 * identifier is a value after a label (MRN, Reg. No, Accession, Patient ID, ref #...), an
 * SSN-shaped number, or a bare run of seven or more digits.
 */
const LABEL = String.raw`(?:mrn|mr\s?#|mr\.?\s?no|medical\s+record(?:\s+(?:no|number|#))?|record\s+(?:no|number|#)|hospital\s+(?:no|number|#)|reg(?:d|istration)?\.?\s*(?:no|number|#|id)|patient\s+(?:id|no|number|#)|pt\.?\s+(?:id|no|#)|pid|uhid|ip\s?no|op\s?no|ipd\s?no|opd\s?no|acc(?:ession)?\.?\s*(?:no|number|#|id)|accession|account\s*(?:no|number|#)?|acct\.?\s*(?:no|number|#)?|visit\s+(?:no|number|id|#)|encounter\s+(?:no|number|id|#)|lab\s+(?:no|id|#)|sample\s+(?:no|id|#)|specimen\s+(?:no|id|#)|order\s+(?:no|id|#)|bill\s+(?:no|#)|invoice\s+(?:no|#)|req(?:uisition)?\.?\s*(?:no|#)|ref(?:erence)?\.?\s*(?:no|number|#)|ssn|social\s+security\s*(?:no|number|#)?|policy\s*(?:no|number|#)|member\s+id|insurance\s+id|subscriber\s+id|case\s+(?:no|number|#)|barcode|id\s*(?:no|number|#)|id)`;
const RE = {
  labelled: new RegExp(
    String.raw`\b(${LABEL})\.?(?:\s{0,3}[:#=.-]){0,2}\s{0,3}([A-Za-z]{0,4}[-/]?\d[A-Za-z0-9/-]{0,29})(?![\w])`,
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
