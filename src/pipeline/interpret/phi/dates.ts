import type { Hit } from './hit.js';

/**
 * Dates in one line: numeric (7/22, 07/22/2024, 2024-07-22, 8/87), written (October 22, 2024;
 * 22-Oct-2024; 20th Oct, 1989; March of 1993), and years where the context says "when" (S/P MI
 * 1992, CABG '95, CVA in 94). Slash pairs after vitals and ventilator cues (BP 120/80, PS 10/5,
 * strength 5/5) are not dates. All quantifiers are bounded.
 */
const MONTH_NAMES =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const MONTH = `(?:${MONTH_NAMES})\\.?`;
/** Month words that are also ordinary words or abbreviations (dec = decreased, MAR). */
const AMBIGUOUS_MONTH = /^(?:may|mar|march|dec|jan|jun|aug)\.?$/i;
const ORD = '(?:st|nd|rd|th)';
const YEAR4 = '(?:18|19|20)\\d{2}';

const RE = {
  iso: new RegExp(`(?<![\\w/.-])(${YEAR4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?![\\w/-]|\\.\\d)`, 'g'),
  numeric: /(?<![\w/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\w/%-]|\.\d)/g,
  pair: /(?<![\w/.,+]|\d-)(\d{1,2})\/(\d{1,4})(?![\w/%+]|\.\d|-\d|\s*-\s*\d{2,3}\b)/g,
  monthFirst: new RegExp(
    `\\b(${MONTH})(?:\\s{1,3}|-)(\\d{1,2})(${ORD})?\\b(?:,?[\\s-]{1,3}'?(${YEAR4}|\\d{2})\\b)?`,
    'gi',
  ),
  dayFirst: new RegExp(
    `(?<![\\w/.])(\\d{1,2})(${ORD})?(?:\\s{1,3}of)?(?:\\s{1,3}|-)(${MONTH})(?![a-z])(?:,?[\\s-]{1,3}'?(${YEAR4}|\\d{2})\\b)?`,
    'gi',
  ),
  monthYear: new RegExp(`\\b(${MONTH}),?\\s{1,3}(?:of\\s{1,3})?('?\\d{2}|${YEAR4})\\b`, 'gi'),
  monthAlone: new RegExp(
    `\\b(january|february|march|april|june|july|august|september|october|november|december|sept\\.?)(?![a-z])`,
    'gi',
  ),
  ordinal:
    /\b(?:(?:on|by|since|until|is|was|it's|of)\s{1,3}the|on|since|until)\s{1,3}(\d{1,2})(?:st|nd|rd|th)\b(?=\s*(?:[.,;:)!"']|$|of\b|at\b|and\b|-))/gi,
  year4: /(?<![\w/.:-])((?:19|20)\d{2})(s)?(?![\w/:]|\.\d)/gi,
  apostropheYear: /(?<![\w'])'(\d{2})(?![\w'"])|(?<![\w.'/-])(\d{2})'(?![\w'"])/g,
  eventYear: /(?<![\d.])(\d{2})(?![\w.%/:]|\.\d)/g,
};

/** Words after which a slash pair is a measurement, not a date. */
const MEASURE_BEFORE =
  /(?:\b(?:bp|abp|nbp|sbp|dbp|art|aline|a-line|cuff|map|ps|psv|peep|cpap|bipap|imv|simv|cmv|vent|settings|pap|pas|cvp|pcwp|wedge|strength|motor|mae|gcs|i\/o|i&o|in\/out|sats?|spo2|rr|hr|pressures?|ratio|grade|score|murmur|pulses?|x|by|fio2|o2|nc|tv|vt|peak|plat|mmhg|ie|perrla|perrl|pupils|murmur)[\s:=-]{0,3}(?:of\s)?|[@#=<>~+]\s{0,2}|\d)$/i;
const MEASURE_AFTER =
  /^\s*(?:strength|ns\b|1\/2|mmhg|cm\b|mm\b|ps\b|peep|cpap|bilat|throughout|in (?:all|upper|lower|bilat|both)|scale|of\b|tabs?\b|x\b|ml|cc|mg|units?\b|l\b|lpm|%|'s|pressures?|sats?|strenght|grips?|ue|le\b|ues|les|bue|ble|extrem|up\b|way\b|bottles?|liters?|sem\b|hsm|murmur|brisk|weeks?|cores?|port|words?|recall|intensity|-year|objects|points?)/i;
/** Slash pairs that are fractions far more often than dates ("1/2 NS", "crackles 1/3 up"). */
const FRACTIONS = new Set(['1/2', '1/3', '1/4', '2/3', '3/4', '2/2']);
/** Ventilator settings ("PSV 10/5", "CPAP .5% 5/5", "10/5/40%") and pain scores ("CP 8/10"). */
const VENT_BEFORE =
  /\b(?:cpap|peep|psv?|ips|bipap|vent|settings?|flowby|fio2|simv|imv|ventilation)\b[^;]{0,12}$/i;
const EXAM =
  /\b(?:strength|motor|reflex\w*|pupils?|murmur|systolic|diastolic|grade|prep|difficulty|recalled|score[ds]?|deltoids?|biceps|triceps|grip|quads|hamstrings|patella[er]?|achilles|proximal\w*|distal\w*|extensors?|flexors?|ab?ductors?|lymph|nodes?|objects|ue|le|bue|ble|rue|lue|rle|lle|mae|power|tone)\b/i;
const CULTURE = /\b(?:cx|cultures?|bottles?|bl|bld|blood)\b/i;
/** Small pairs after weaning verbs are pressure-support settings ("weaned to 10/5", "trial 5/5"). */
const WEAN_BEFORE =
  /\b(?:trial(?:ed)?|wean(?:ing|ed)?(?: down)?(?: to| on)?|tried on|remain(?:ed|s)? on|changed(?: over)? to|back on|decreased to|increased to|tolerat\w* on|acceptable on|excellent)\s{0,3}$/i;
const VENT_AFTER = /^[\s)]{0,3}(?:\d{1,3}\s?%|%|psv?\b|peep|cpap|bipap|ips\b)/i;
const PAIN =
  /\b(?:pain|cp|angina|rating|rated|rates|ranges?|scale|discomfort|ache|h\/a|headache|intensity|severity)\b/i;
/** Words that make a bare number a year ("S/P MI 92", "CVA in 94", "CABG X3 '92"). */
const EVENT_BEFORE =
  /\b(?:mi|ami|nstemi|stemi|cabg|cva|tia|ptca|pci|stent(?:s|ed)?|avr|mvr|tvr|turp|appy|chole|ablation|cardioversion|pacer|pacemaker|icd|aicd|arrest|stroke|fx|fracture|repair|replacement|resection|surgery|transplant|bypass|redo|dx|dx'd|diagnosed|ca|cancer|lumpectomy|mastectomy|\w{3,}ectomy|\w{3,}otomy|\w{3,}plasty|h\/o|s\/p|hx|pmh|pmhx)\s{0,3}(?:x\s?\d\s{0,3})?(?:in\s{1,3})?$/i;
const YEAR_CUE_BEFORE =
  /(?:\b(?:in|since|of|circa|year|born|dob|b\.|dx|dx'd|diagnosed|h\/o|s\/p|hx|pmh|pmhx|is|was|it's|its)|')\s{0,3}$/i;
const DISTANCE_BEFORE =
  /\b(?:hob|ambulated|ambulate|walked|walk|feet|ft|degrees?|elevated|x)\W{0,3}$/i;
const TIME_BEFORE =
  /(?:\b(?:at|@|by|from|until|till|to|around|approx|approximately|and|since)|[@~-])\s{0,3}$/i;
const QUANTITY_AFTER =
  /^\s*(?:-\s*\d|hrs?\b|h\b|hours|pm\b|am\b|ml|cc|mg|mcg|units?\b|u\b|kcal|cal\b|gm?\b|x\b|%|mmhg|\/)/i;

const validDay = (m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= 31;

export function findDates(line: string): Hit[] {
  const hits: Hit[] = [];
  const add = (start: number, end: number) => hits.push({ kind: 'date', start, end });
  const before = (at: number) => line.slice(Math.max(0, at - 24), at);
  const after = (at: number) => line.slice(at, at + 24);
  const clause = (start: number, end: number, second: string) =>
    VENT_BEFORE.test(line.slice(Math.max(0, start - 24), start)) ||
    VENT_AFTER.test(line.slice(end, end + 12)) ||
    (Number(line.slice(start, end).split('/')[0]) <= 20 &&
      Number(second) <= 20 &&
      WEAN_BEFORE.test(line.slice(Math.max(0, start - 24), start))) ||
    (second === '10' &&
      (PAIN.test(line.slice(Math.max(0, start - 50), start)) ||
        PAIN.test(line.slice(end, end + 24))));

  for (const m of line.matchAll(RE.iso)) {
    if (validDay(Number(m[2]), Number(m[3]))) add(m.index, m.index + m[0].length);
  }
  for (const m of line.matchAll(RE.numeric)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (validDay(a, b) || validDay(b, a)) add(m.index, m.index + m[0].length);
  }
  for (const m of line.matchAll(RE.pair)) {
    const month = Number(m[1]);
    const second = m[2] ?? '';
    const value = Number(second);
    const end = m.index + m[0].length;
    if (MEASURE_BEFORE.test(before(m.index)) || MEASURE_AFTER.test(after(end))) continue;
    if (FRACTIONS.has(m[0]) || clause(m.index, end, second)) continue;
    // Exam grades: "strength 5/5", "reflexes 2/4", "a 3/6 systolic murmur", "pupils 4/3".
    if (month <= 6 && value <= 6 && EXAM.test(line.slice(Math.max(0, m.index - 60), end + 20)))
      continue;
    // "2/4 bottles", "blood cx 1/4": positive culture bottles out of a set.
    if (
      value <= 4 &&
      month <= value &&
      CULTURE.test(line.slice(Math.max(0, m.index - 24), end + 16))
    )
      continue;
    // 8/87 or 10/2024: month and year; 7/22: month and day. 2/2 reads "secondary to".
    const monthYear =
      (second.length === 2 && value > 31) || (second.length === 4 && /^(?:19|20)/.test(second));
    const monthDay = second.length <= 2 && validDay(month, value) && !(month === 2 && value === 2);
    if ((monthYear && month >= 1 && month <= 12) || monthDay) add(m.index, end);
  }
  for (const m of line.matchAll(RE.monthFirst)) {
    const day = Number(m[2]);
    const end = m.index + m[0].length;
    if (day < 1 || day > 31) continue;
    const written = m[3] !== undefined || m[4] !== undefined;
    const preposition = /\b(?:in|on|since|of|by|until|from|before|after)\s{1,3}$/i.test(
      before(m.index),
    );
    if (
      !written &&
      !preposition &&
      (AMBIGUOUS_MONTH.test(m[1] ?? '') || QUANTITY_AFTER.test(after(end)))
    )
      continue;
    add(m.index, end);
  }
  for (const m of line.matchAll(RE.dayFirst)) {
    const day = Number(m[1]);
    if (day < 1 || day > 31) continue;
    const strong = m[2] !== undefined || m[4] !== undefined || m[0].includes('-');
    if (!strong && AMBIGUOUS_MONTH.test(m[3] ?? '')) continue;
    add(m.index, m.index + m[0].length);
  }
  for (const m of line.matchAll(RE.monthYear)) {
    const year = (m[2] ?? '').replace("'", '');
    // "nov 12" is a day (monthFirst); a two-digit year must be one that cannot be a day.
    if (year.length === 2 && !(m[2] ?? '').startsWith("'") && Number(year) <= 31) continue;
    add(m.index, m.index + m[0].length);
  }
  for (const m of line.matchAll(RE.monthAlone)) {
    const word = (m[1] ?? '').toLowerCase();
    if (
      (word === 'march' || word.startsWith('sept')) &&
      !/\b(?:in|since|during|of|early|late|mid|until|by|last|next|this|was|is)\s{1,3}$/i.test(
        before(m.index),
      )
    )
      continue;
    add(m.index, m.index + m[0].length);
  }
  for (const m of line.matchAll(RE.ordinal)) {
    const day = Number(m[1]);
    const digits = m.index + m[0].search(/\d/);
    if (day >= 1 && day <= 31) add(digits, m.index + m[0].length);
  }
  findYears(line, hits);
  return hits;
}

function findYears(line: string, hits: Hit[]): void {
  // Characters already inside a date, so that a year is not found again inside one.
  const inside = new Uint8Array(line.length + 1);
  const ends = new Set<number>();
  const push = (start: number, end: number) => {
    hits.push({ kind: 'date', start, end });
    inside.fill(1, start, end);
    if (end - start <= 5 && /^\d+s?$/i.test(line.slice(start, end))) ends.add(end);
  };
  for (const h of hits) inside.fill(1, h.start, h.end);
  const covered = (start: number, end: number) => inside[start] === 1 && inside[end - 1] === 1;
  const before = (at: number) => line.slice(Math.max(0, at - 24), at);
  const after = (at: number) => line.slice(at, at + 16);
  const isYearAt = (end: number) => ends.has(end);
  const chained = (at: number) => {
    const m = /(\d{2}|\d{4})'?s?\s{0,2}(?:,|and|&)\s{0,3}'?$/i.exec(before(at));
    return m !== null && isYearAt(at - m[0].length + m[0].search(/\d/) + (m[1]?.length ?? 0));
  };

  for (const m of line.matchAll(RE.year4)) {
    const start = m.index;
    const end = start + m[0].length;
    const year = Number(m[1]);
    if (QUANTITY_AFTER.test(after(end)) || covered(start, end)) continue;
    const pre = before(start);
    // 1960-1999 cannot be a 24-hour time; 1900-1959 and 2000-2359 need a "when" cue.
    const canBeTime = year % 100 < 60 && year < 2400;
    const cue = EVENT_BEFORE.test(pre) || YEAR_CUE_BEFORE.test(pre);
    if (chained(start)) push(start, end);
    else if (cue && !(canBeTime && TIME_BEFORE.test(pre) && !/\b(?:in|since)\s{0,3}$/i.test(pre)))
      push(start, end);
    else if (!canBeTime && !/[#=<>:]\s{0,2}$/.test(pre)) push(start, end);
  }
  for (const m of line.matchAll(RE.apostropheYear)) {
    const digits = m[1] ?? m[2] ?? '';
    const start = m.index + m[0].indexOf(digits);
    // "92'" is a year after a history cue; "30'" after HOB or ambulated is degrees or feet.
    if (m[2] !== undefined) {
      const pre = before(start);
      const cue = EVENT_BEFORE.test(pre) || YEAR_CUE_BEFORE.test(pre);
      if (!cue && (Number(digits) <= 50 || DISTANCE_BEFORE.test(pre))) continue;
    }
    push(start, start + 2);
  }
  for (const m of line.matchAll(RE.eventYear)) {
    const start = m.index;
    const end = start + 2;
    if (covered(start, end)) continue;
    const next = after(end);
    if (!/^\s*(?:$|[,;.)\]]|and\b|&|\n)/i.test(next)) continue;
    if (EVENT_BEFORE.test(before(start)) || chained(start)) push(start, end);
  }
}
