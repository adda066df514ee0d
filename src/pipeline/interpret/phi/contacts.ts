import type { Hit } from './hit.js';
import { STATE_CODES, STREET_SUFFIXES } from './places.lexicon.js';
import { isClinicalWord, isFunctionWord, isKnownName } from './tokens.js';

/**
 * Phone numbers, e-mail addresses, street addresses and zip codes in one line. Phone shapes
 * are 3-3-4 (with brackets, dots, dashes or spaces), 3-4 local numbers and international ones
 * written with a "+" country code; short numbers (pagers, extensions) only after a word that
 * says they are phone numbers.
 */
const RE = {
  phone10:
    /(?<![\w.\-/])(?:\+?1[\s.-]{1,2})?\(?\d{3}\)?[\s.-]{0,3}\d{3}[\s.-]{0,3}\d{4,5}(?![\w/]|\.\d)/g,
  /** "+91 98765 43210", "+44 (0)20 7946 0958": a country code and groups, 9 to 15 digits. */
  phoneIntl: /(?<![\w+])\+\d{1,3}(?:[\s.-]{1,2}\(?\d{1,5}\)?){2,5}(?![\w/]|\.\d)/g,
  phone7: /(?<![\w.\-/])\d{3}-\d{4}(?![\w/-]|\.\d)/g,
  cued: /\b(?:pager|beeper|pgr|pg|page|beep|cell(?:ular)?|mobile|mob|home|work|office|phone|ph|tel|telephone|fax|contact|reached at|call(?:ed)? at|ext)\b[\s.:#-]{0,4}(?:(?:no|number|num)\b[\s.:#-]{0,3})?(\+?\d[\d\s-]{2,13}\d)(?![\w/]|\.\d)/gi,
  extension: /^\s{0,2}(?:x|ext\.?)\s?\d{1,5}\b\.?/i,
  email:
    /(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,5}\.[A-Za-z]{2,24}\b/g,
  street: new RegExp(
    String.raw`(?<![\w.])(\d{1,6}[A-Za-z]?)\s{1,3}((?:[A-Za-z][A-Za-z.'-]{0,30}\s{1,3}){1,4}?)(${STREET_SUFFIXES.join('|')})\b\.?`,
    'gi',
  ),
  /** What may follow a street: ", Springfield, IL 62704", ", Apt 4B", " 400001". */
  streetTail:
    /^(?:,?\s{0,2}(?:apt|suite|unit|#)\.?\s{0,2}[\w-]{1,6})?(?:,?\s{1,2}[A-Z][A-Za-z]{1,30}(?:\s[A-Z][A-Za-z]{1,30})?)?(?:,?\s{1,2}[A-Z]{2}\b)?(?:,?\s{1,2}\d{5,6}(?:-\d{4})?\b)?/,
  cityStateZip:
    /\b([A-Z][A-Za-z]{1,30}(?:\s[A-Z][A-Za-z]{1,30}){0,2}),?\s{1,3}([A-Z]{2})\s{1,3}(\d{5}(?:-\d{4})?)\b/g,
  zipLabel: /\b(?:zip|zip code|postal code|pin code)\b[\s.:#-]{0,4}(\d{5}(?:-\d{4})?|\d{6})\b/gi,
};

const STATES = new Set(STATE_CODES.map((s) => s.toUpperCase()));
const UNIT_AFTER =
  /^\s*(?:ml|cc|mg|mcg|units?|u\b|kcal|cal\b|gm?\b|%|mmhg|mm\b|cm\b|hrs?\b|x\b|\/)/i;
const MEASURE_BEFORE =
  /\b(?:bp|uo|u\/o|i\/o|output|intake|plt|platelets?|range|wbc|svr|pvr|tv|vt|stv|volumes?|is|hr|rate|voiding|ci|co)\W{0,3}$/i;

export function findContacts(line: string): Hit[] {
  const hits: Hit[] = [];
  const phone = (start: number, end: number) => {
    const ext = RE.extension.exec(line.slice(end, end + 12));
    hits.push({ kind: 'phone', start, end: end + (ext?.[0].length ?? 0) });
  };
  for (const m of line.matchAll(RE.phone10)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length >= 10 && digits.length <= 12) phone(m.index, m.index + m[0].length);
  }
  for (const m of line.matchAll(RE.phoneIntl)) {
    const digits = m[0].replace(/\D/g, '').length;
    if (digits >= 9 && digits <= 15) phone(m.index, m.index + m[0].length);
  }
  for (const m of line.matchAll(RE.phone7)) {
    const end = m.index + m[0].length;
    if (UNIT_AFTER.test(line.slice(end, end + 8))) continue;
    if (MEASURE_BEFORE.test(line.slice(Math.max(0, m.index - 16), m.index))) continue;
    // "500-1000", "954-1183": a rising range, not an exchange and a line number.
    const [low, high] = m[0].split('-');
    if (high?.startsWith('1') && Number(high) > Number(low)) continue;
    phone(m.index, end);
  }
  for (const m of line.matchAll(RE.cued)) {
    const number = m[1] ?? '';
    const start = m.index + m[0].length - number.length;
    if (number.replace(/\D/g, '').length >= 4) phone(start, start + number.length);
  }
  for (const m of line.matchAll(RE.email))
    hits.push({ kind: 'email', start: m.index, end: m.index + m[0].length });
  findAddresses(line, hits);
  return hits;
}

function findAddresses(line: string, hits: Hit[]): void {
  for (const m of line.matchAll(RE.street)) {
    const words = (m[2] ?? '').trim().split(/\s+/);
    // "10u reg SQ", "2 units Dr. Powell": street words are names or everyday words, not grammar,
    // units or clinical terms; "St" and "Dr" end a street only when no name follows them.
    const streetWord = (w: string) => {
      const lower = w.toLowerCase().replace(/[^a-z']/g, '');
      return (
        lower.length > 1 &&
        (isKnownName(lower) || (!isFunctionWord(lower) && !isClinicalWord(lower)))
      );
    };
    if (!words.every(streetWord)) continue;
    const end = m.index + m[0].length;
    const next = line.slice(end, end + 20);
    if (
      /^(?:st|dr)\.?$/i.test(m[3] ?? '') &&
      /^\s{1,2}[A-Z][A-Za-z]{2,}/.test(next) &&
      !/^\s{1,2}(?:in|at|on|and|apt|suite|unit)\b/i.test(next)
    )
      continue;
    const tail = RE.streetTail.exec(line.slice(end, end + 60));
    hits.push({ kind: 'address', start: m.index, end: end + (tail?.[0].length ?? 0) });
  }
  for (const m of line.matchAll(RE.cityStateZip)) {
    if (!STATES.has(m[2] ?? '')) continue;
    hits.push({ kind: 'address', start: m.index, end: m.index + m[0].length });
  }
  for (const m of line.matchAll(RE.zipLabel)) {
    const zip = m[1] ?? '';
    const start = m.index + m[0].length - zip.length;
    hits.push({ kind: 'address', start, end: start + zip.length });
  }
}
