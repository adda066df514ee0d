/**
 * Reads the "sig" of a medication: its dose (strength or amount), route and frequency, from the
 * text that follows the drug name ("10 MG Oral Tablet", "1 tab(s), PO, Once Daily", "q6h prn").
 */
export interface Sig {
  readonly dose?: string;
  readonly route?: string;
  readonly frequency?: string;
}

const NUM = String.raw`\d+(?:[.,]\d+)?`;
/** Strength units a dose is printed in; per-volume or per-actuation forms included. */
const STRENGTH_UNIT = String.raw`(?:mcg|µg|μg|ug|mg|milligrams?|micrograms?|grams?|gm|g|meq|mmol|units?|unt|iu|ml|%)`;
const PER = String.raw`(?:\s*\/\s*(?:ml|actuat(?:ion)?|act|inh|hr|h|24\s*hr?|kg|spray|dose|puff|l|g|mg|ml))?`;
/** "500 mg", "0.09 MG/ACTUAT", "108 (90 Base) MCG/ACT", "2.5mg/3ml", "320/12.5 mg", "250 mg-250 mg". */
const STRENGTH = new RegExp(
  String.raw`(?<![\w.])(${NUM}(?:\s*(?:\/|-)\s*${NUM})*)\s*(?:\(\s*${NUM}\s*base\s*\)\s*)?(${STRENGTH_UNIT}${PER})(?:\s*\/\s*(${NUM})\s*(ml))?(?![a-z])`,
  'i',
);
/** "1 tablet", "2 puffs", "1 tab(s)", "one capsule". */
const AMOUNT = new RegExp(
  String.raw`(?<![\w.])(${NUM}|one|two|three|four|half|1\/2)\s*(tablets?|tabs?|caps?|capsules?|puffs?|sprays?|drops?|patch(?:es)?|inhalations?|applications?|teaspoons?|tsp|tablespoons?|vials?|suppositor(?:y|ies)|lozenges?|packets?|units?)(?:\(s\))?(?![a-z])`,
  'i',
);
/** Concentrations of lab results, which are not doses (mg/dL, mmol/L, ng/mL). */
const LAB_UNIT =
  /^\s*(?:[<>]=?\s*)?\d+(?:[.,]\d+)?\s*(?:(?:mg|g|ug|µg|mcg|mmol|umol|µmol|nmol|pmol|meq|iu|miu|u|cells|copies|k)\s*\/\s*(?:d?l|dl|ul|µl|mm3|hpf)|(?:ng|pg|miu|fmol|pmol|nmol|u|iu)\s*\/\s*ml)\b/i;

export function isLabValue(text: string): boolean {
  return LAB_UNIT.test(text);
}

function normaliseUnit(unit: string): string {
  const u = unit.toLowerCase().replace(/\s+/g, '');
  return u
    .replace(/^(?:milligrams?)$/, 'mg')
    .replace(/^(?:micrograms?|µg|μg|ug)/, 'mcg')
    .replace(/^(?:grams?|gm)$/, 'g')
    .replace(/^unt\b/, 'units')
    .replace(/^unit(?=$|\/)/, 'units')
    .replace(/^meq/, 'mEq')
    .replace(/^iu/, 'IU')
    .replace(/ml\b/g, 'mL');
}

export interface Found {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The first strength in the text ("10 mg"), normalised. */
export function findStrength(text: string): Found | undefined {
  const m = STRENGTH.exec(text);
  if (m === null) return undefined;
  const amount = (m[1] ?? '').replace(/\s+/g, '');
  const per = m[3] === undefined ? '' : `/${m[3]} mL`;
  return {
    text: `${amount} ${normaliseUnit(m[2] ?? '')}${per}`,
    start: m.index,
    end: m.index + m[0].length,
  };
}

function findAmount(text: string): string | undefined {
  const m = AMOUNT.exec(text);
  if (m === null) return undefined;
  const form = (m[2] ?? '').toLowerCase();
  const words: Record<string, string> = { one: '1', two: '2', three: '3', four: '4', half: '1/2' };
  const n = words[(m[1] ?? '').toLowerCase()] ?? m[1] ?? '';
  const singular = n === '1' || n === '1/2';
  const base = form
    .replace(/^tabs?$/, 'tablet')
    .replace(/^caps?$/, 'capsule')
    .replace(/^tsp$/, 'teaspoon')
    .replace(/s$/, '')
    .replace(/^patche$/, 'patch')
    .replace(/^suppositorie$/, 'suppository');
  const plural = base.endsWith('ch')
    ? `${base}es`
    : base.endsWith('y')
      ? `${base.slice(0, -1)}ies`
      : `${base}s`;
  return `${n} ${singular ? base : plural}`;
}

/** Route words, most specific first; each maps to its normalised name. */
const ROUTES: readonly (readonly [RegExp, string])[] = [
  [
    /\b(?:sub-?cutaneous(?:ly)?|subcut|subq|sub-q|s\.?q\.?|s\.c\.)(?![a-z])|\bSC\b/i,
    'subcutaneous',
  ],
  [/\b(?:intravenous(?:ly)?|i\.v\.|ivpb|iv\s*push|ivp)(?![a-z])|\bIV\b|\biv\b/, 'IV'],
  [/\b(?:intramuscular(?:ly)?|i\.m\.)(?![a-z])|\bIM\b/, 'IM'],
  [
    /\b(?:inhal(?:ed|ation|ant|er)?s?|inh|nebuli[sz](?:ed|er|ation)|neb|nebs|metered\s+dose|mdi|hfa|puffs?|respiratory)(?![a-z])/i,
    'inhalation',
  ],
  [/\b(?:transdermal(?:ly)?|patch(?:es)?)(?![a-z])/i, 'transdermal'],
  [/\b(?:sublingual(?:ly)?|s\.l\.)(?![a-z])|\bSL\b/, 'sublingual'],
  [/\b(?:intranasal(?:ly)?|nasal(?:ly)?|nostrils?)(?![a-z])/i, 'nasal'],
  [
    /\b(?:ophthalmic|eye\s+drops?|each\s+eye|both\s+eyes|into\s+(?:the\s+)?eyes?)(?![a-z])|\bO[USD]\b/,
    'ophthalmic',
  ],
  [/\b(?:otic|ear\s+drops?|each\s+ear|into\s+(?:the\s+)?ears?)(?![a-z])/i, 'otic'],
  [/\b(?:rectal(?:ly)?|per\s+rectum|suppositor(?:y|ies)|enema)(?![a-z])|\bPR\b/, 'rectal'],
  [/\b(?:vaginal(?:ly)?|per\s+vagina)(?![a-z])/i, 'vaginal'],
  [/\bintrauterine\b/i, 'intrauterine'],
  [/\b(?:topical(?:ly)?|cream|ointment|lotion|gel|apply|applied|shampoo)(?![a-z])/i, 'topical'],
  [/\bintrathecal\b/i, 'intrathecal'],
  [/\bintradermal\b/i, 'intradermal'],
  [
    /\b(?:oral(?:ly)?|p\.?\s?o\.?|by\s+mouth|per\s+os|tablets?|tabs?|capsules?|caps?|tab\(s\)|cap\(s\)|chewable|elixir|syrup)(?![a-z])/i,
    'oral',
  ],
];

const NUMBER_WORDS: Record<string, string> = {
  six: '6',
  four: '4',
  eight: '8',
  twelve: '12',
  two: '2',
  three: '3',
  twenty: '24',
};
/** Frequencies, most specific first; each maps to its normalised name. */
const FREQUENCIES: readonly (readonly [RegExp, string | ((m: RegExpExecArray) => string)])[] = [
  [
    /\bq\.?\s?(\d{1,2})\s?-?\s?(?:\d{1,2}\s?)?h(?:ours?|rs?|r)?\.?(?![a-z])/i,
    (m) => `q${m[1] ?? ''}h`,
  ],
  [
    /\bevery\s+(\d{1,2}|six|four|eight|twelve|two|three)(?:\s*(?:to|-)\s*\d{1,2})?\s+hours?\b/i,
    (m) => `q${NUMBER_WORDS[(m[1] ?? '').toLowerCase()] ?? m[1] ?? ''}h`,
  ],
  [
    /\b(?:q\.?\s?i\.?\s?d\.?|qid|four\s+times\s+(?:a|per|each)\s+day|four\s+times\s+daily|4\s+times\s+(?:a\s+|per\s+)?day|4\s+times\s+daily)(?![a-z])/i,
    'QID',
  ],
  [
    /\b(?:t\.?\s?i\.?\s?d\.?|tid|three\s+times\s+(?:a|per|each)\s+day|three\s+times\s+daily|3\s+times\s+(?:a\s+|per\s+)?day|3\s+times\s+daily)(?![a-z])/i,
    'TID',
  ],
  [
    /\b(?:b\.?\s?i\.?\s?d\.?|bid|twice\s+(?:a|per|each)\s+day|twice\s+daily|two\s+times\s+(?:a|per)\s+day|2\s+times\s+(?:a\s+|per\s+)?day|2\s+times\s+daily|two\s+times\s+daily|every\s+12\s+hours)(?![a-z])/i,
    'BID',
  ],
  [
    /\b(?:q\.?\s?h\.?\s?s\.?|qhs|h\.?s\.?|at\s+bedtime|at\s+night|nightly|every\s+night|before\s+(?:bed|sleep)|q\.?\s?p\.?m\.?)(?![a-z])/i,
    'at bedtime',
  ],
  [/\b(?:q\.?\s?a\.?\s?m\.?|every\s+morning|in\s+the\s+morning)(?![a-z])/i, 'every morning'],
  [/\b(?:q\.?\s?o\.?\s?d\.?|every\s+other\s+day)(?![a-z])/i, 'every other day'],
  [
    /\b(?:weekly|once\s+(?:a|per)\s+week|every\s+week|q\.?\s?w(?:ee)?k\.?|once\s+weekly)(?![a-z])/i,
    'once weekly',
  ],
  [/\b(?:monthly|once\s+(?:a|per)\s+month|every\s+month)(?![a-z])/i, 'once monthly'],
  [
    /\b(?:q\.?\s?d\.?|qday|q\s+day|daily|once\s+daily|once\s+a\s+day|once\s+per\s+day|every\s+day|per\s+day|a\s+day|od|1\s+time\s+(?:a|per)\s+day|once\s+dai?n?ly)(?![a-z])/i,
    'once daily',
  ],
  [/\b(?:continuous(?:ly)?|continuous\s+infusion|drip)(?![a-z])/i, 'continuous'],
  [/\b(?:once|one\s+time|x\s?1|single\s+dose|stat|now)(?![a-z])/i, 'once'],
];
const AS_NEEDED =
  /\b(?:p\.?\s?r\.?\s?n\.?|as\s+needed|as\s+required|when\s+needed|if\s+needed)(?![a-z])/i;

function findRoute(text: string): string | undefined {
  for (const [re, name] of ROUTES) if (re.test(text)) return name;
  return undefined;
}

function findFrequency(text: string): string | undefined {
  let found: string | undefined;
  for (const [re, name] of FREQUENCIES) {
    const m = re.exec(text);
    if (m === null) continue;
    found = typeof name === 'string' ? name : name(m);
    break;
  }
  const prn = AS_NEEDED.test(text);
  if (found === undefined) return prn ? 'as needed' : undefined;
  return prn && found !== 'once' ? `${found} as needed` : found;
}

/** Dose, route and frequency from a sig; the dose is the first strength, else an amount. */
export function parseSig(text: string): Sig {
  const dose = findStrength(text)?.text ?? findAmount(text);
  const route = findRoute(text);
  const frequency = findFrequency(text);
  return {
    ...(dose === undefined ? {} : { dose }),
    ...(route === undefined ? {} : { route }),
    ...(frequency === undefined ? {} : { frequency }),
  };
}
