import { AMBIGUOUS_DRUGS, BRAND_DRUGS, GENERIC_DRUGS } from './drug-lexicon.js';
import { findStrength } from './medication-sig.js';
import { PhraseMatcher, titleCase, words } from './phrase-matcher.js';

/** A drug name found in text: its span (with salts and combinations) and its printed name. */
export interface DrugMention {
  readonly start: number;
  readonly end: number;
  readonly name: string;
  /** A lab-analyte-like name ("potassium"), or a name read from structure alone. */
  readonly weak: boolean;
  /** Not from the lexicon: "<Words> <number> <unit>" in a medication list. */
  readonly structural: boolean;
}

interface DrugEntry {
  readonly name: string;
  readonly ambiguous: boolean;
}

const MATCHER = new PhraseMatcher<DrugEntry>();
for (const name of GENERIC_DRUGS) {
  MATCHER.add(name, { name, ambiguous: AMBIGUOUS_DRUGS.has(name.toLowerCase()) });
}
for (const brand of BRAND_DRUGS.keys()) {
  MATCHER.add(brand, { name: brand, ambiguous: AMBIGUOUS_DRUGS.has(brand.toLowerCase()) });
}

/** Salt words: part of a drug's name, never a drug on their own. */
const SALTS =
  'hydrochloride|hcl|sodium|potassium|maleate|tartrate|succinate|besylate|citrate|sulfate|sulphate|bisulphate|bisulfate|bitartrate|acetate|propionate|fumarate|mesylate|bromide|hyclate|monohydrate|xinafoate|furoate|phosphate|hydrobromide|dipropionate|valerate|disodium';
const SALT_WORD = new RegExp(`^(?:${SALTS})$`, 'i');
const LEADING_SALTS = new RegExp(`^\\s*(?:${SALTS})(?:\\s+(?:${SALTS}))*(?![a-z0-9-])`, 'i');

/**
 * The salt words a line starts with ("propionate 0.11 MG/ACTUAT" wrapped under "Fluticasone"),
 * printed as a name suffix ("Propionate"); undefined when it starts otherwise.
 */
export function leadingSalt(text: string): string | undefined {
  const m = LEADING_SALTS.exec(text);
  return m === null ? undefined : suffixText(m[0]);
}

/** Salt and release words printed after a drug name belong to it ("Metoprolol Tartrate XL"). */
const SUFFIX = new RegExp(
  `^(?:[\\s-]+(?:${SALTS}|er|xr|xl|sr|cr|la|dr|odt|hfa|hct|cd|ec|ds|24)(?![a-z0-9-]))+`,
  'i',
);
const UPPER_SUFFIX = new Set([
  'er',
  'xr',
  'xl',
  'sr',
  'cr',
  'la',
  'dr',
  'odt',
  'hfa',
  'hct',
  'cd',
  'ec',
  'ds',
  'hcl',
]);

/** After a drug name, these make it an adjective or a test, not a medication. */
const NOT_A_DOSE_AFTER =
  /^(?:-(?:dependent|resistant|induced|related|associated|like|sensitive|naive|treated|controlled|requiring)\b|\s+(?:levels?|toxicity|allerg\w*|intoleran\w*|sensitivity|resistan\w*|induced|overdose|assay|screen|trough|peak|challenge|deficiency|index|study|studies|scan|clinic|pump\s+check)\b)/i;
const NOT_A_DOSE_BEFORE = /(?:\bnon-?|\banti-|\bserum\s+|\bblood\s+|\burine\s+|\bplasma\s+)$/i;

function printed(text: string, canonical: string): string {
  if (text.toLowerCase() === canonical.toLowerCase()) return canonical;
  return titleCase(text).replace(/[A-Za-z]+/g, (w) =>
    UPPER_SUFFIX.has(w.toLowerCase()) ? w.toUpperCase() : w,
  );
}

function suffixText(raw: string): string {
  return raw
    .split(/[\s-]+/)
    .filter((w) => w !== '' && w !== '24')
    .map((w) => (UPPER_SUFFIX.has(w.toLowerCase()) ? w.toUpperCase() : titleCase(w)))
    .join(' ');
}

interface Hit {
  start: number;
  end: number;
  name: string;
  ambiguous: boolean;
}

/** Lexicon hits with their salt suffixes, minus adjectives ("insulin-dependent"). */
function lexiconHits(text: string): Hit[] {
  const hits: Hit[] = [];
  for (const hit of MATCHER.find(text)) {
    const after = text.slice(hit.end);
    if (NOT_A_DOSE_AFTER.test(after) || NOT_A_DOSE_BEFORE.test(text.slice(0, hit.start))) continue;
    const suffix = SUFFIX.exec(after)?.[0] ?? '';
    const base = printed(text.slice(hit.start, hit.end), hit.value.name);
    const extra = suffix === '' ? '' : suffixText(suffix);
    hits.push({
      start: hit.start,
      end: hit.end + suffix.length,
      name: extra === '' ? base : `${base} ${extra}`,
      ambiguous: hit.value.ambiguous,
    });
  }
  return hits;
}

/** Between two drugs of one product: "10 MG / ", "-", " 250 MG / ". */
const COMBINED =
  /^\s*(?:\d+(?:\.\d+)?\s*(?:mg|mcg|g|unt|units?|ml|%)(?:\/(?:ml|actuat|hr))?\s*)?(\/|-)\s*$/i;
/** A brand in brackets right after its generic: "atorvastatin 10 MG Oral Tablet [Lipitor]". */
const BRACKETED = /^[^[\]();,]{0,60}[[(]\s*$/;

/** Merges combination products and drops bracketed brands that repeat the drug before them. */
function combine(text: string, hits: Hit[]): Hit[] {
  const out: Hit[] = [];
  for (const hit of hits) {
    const last = out.at(-1);
    if (last !== undefined) {
      const gap = text.slice(last.end, hit.start);
      const joint = COMBINED.exec(gap);
      if (joint !== null) {
        last.name = `${last.name}${joint[1] === '-' ? '-' : ' / '}${hit.name}`;
        last.end = hit.end;
        last.ambiguous = last.ambiguous && hit.ambiguous;
        continue;
      }
      if (BRACKETED.test(gap)) continue;
    }
    out.push({ ...hit });
  }
  return out;
}

/** Words that are instructions or prose, never a drug's name. */
const STOP = new Set(
  (
    'take takes taking then on day days daily tablet tablets tab tabs capsule capsules cap caps of ' +
    'for and or with to the a an total dose doses by mouth every each plus also as directed at ' +
    'bedtime morning evening night one two three four half initially increase increased decrease ' +
    'decreased reduce reduced from start started continue continued was is were are he she patient ' +
    'including given received receiving in over per via after before up once twice times weekly ' +
    'monthly his her their currently current dosage bolus load loading drip infusion rate ' +
    'approximately about maximum max min minimum iv po im sq sc subcutaneous intravenous oral ' +
    'orally injection inhaled puffs puff spray sprays drops units unit ml mg mcg g meq bid tid qid ' +
    'qd prn hs only now today yesterday last new dose other additional extra level levels solution ' +
    'suspension injection injectable cream ointment gel lotion powder aerosol syrup elixir patch ' +
    'inhaler inhalant nebulizer vial syringe pen prefilled oral tablet capsule give given'
  ).split(' '),
);

/** "Visipaque 361 mL": words before a strength, back to an item boundary, in a medication list. */
function structuralHits(text: string, known: readonly Hit[]): Hit[] {
  const out: Hit[] = [];
  const strength = /(?<![\w.])\d+(?:\.\d+)?\s*(?:mg|mcg|g|units?|ml|meq|iu|%)(?![a-z])/gi;
  for (const m of text.matchAll(strength)) {
    const before = text.slice(0, m.index);
    const boundary = Math.max(
      ...[/.*[,;:•(]/s, /.*\band\s/s, /.*\bthen\s/s, /.*\d[.)]\s/s, /.*\.\s/s, /.*\s-\s/s].map(
        (re) => re.exec(before)?.[0].length ?? 0,
      ),
    );
    if (known.some((k) => k.end > boundary && k.start < m.index)) continue;
    const item = before.slice(boundary);
    const ws = words(item);
    const first = ws[0];
    if (first === undefined || ws.length > 4) continue;
    if (ws.some((w) => STOP.has(w.text) || /\d/.test(w.text))) continue;
    if (first.text.length < 3 || !/^[\s\-*•]*$/.test(item.slice(0, first.start))) continue;
    // A salt alone ("propionate 0.11 MG") is the wrapped end of a name, not a drug.
    if (ws.every((w) => SALT_WORD.test(w.text))) continue;
    const start = boundary + first.start;
    const end = boundary + (ws.at(-1)?.end ?? first.end);
    out.push({ start, end, name: titleCase(text.slice(start, end)), ambiguous: false });
  }
  return out;
}

/**
 * Drug mentions in a piece of text, left to right. `inList` (a medication section) also reads
 * unknown names from structure ("Visipaque 361 mL").
 */
export function findDrugMentions(text: string, inList: boolean): DrugMention[] {
  const known = combine(text, lexiconHits(text));
  const structural = inList ? structuralHits(text, known) : [];
  const lexical = known.map((h) => ({ ...h, structural: false }));
  const all = [...lexical, ...structural.map((h) => ({ ...h, structural: true }))].sort(
    (a, b) => a.start - b.start,
  );
  const out: DrugMention[] = [];
  for (const h of all) {
    const strength = findStrength(text.slice(h.end, h.end + 40));
    const weak = h.structural || (h.ambiguous && strength === undefined);
    out.push({ start: h.start, end: h.end, name: h.name, weak, structural: h.structural });
  }
  return out;
}
