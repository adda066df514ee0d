import { CREDENTIALS, RELATIONS, ROLES } from './cues.lexicon.js';
import type { Hit } from './hit.js';
import type { DocContext } from './line-view.js';
import { FACILITY_SUFFIXES } from './places.lexicon.js';
import { isClinicalWord, isFunctionWord, isKnownName, isVocabulary } from './tokens.js';

/**
 * Person names in report headers: after a label ("Patient Name: Mr. John Smith", "Ref. By:
 * Dr. Rao", "Surname: Smith", "Patient Name    John Smith" in a table without a colon), and
 * unlabelled at the start of a header line when a birth, age or record cue follows ("John Smith
 * born 05/22/2019", "SMITH, John  DOB: ..."). The whole value is masked, its title included.
 */
const PERSON = String.raw`(?:patient|pt\.?|client|member|insured|subscriber|customer|beneficiary)`;
/** Labels that end in "name": a value may follow them after a run of spaces, with no colon. */
const NAMED_LABEL = String.raw`(?:${PERSON}(?:'s)?\s+(?:full\s+)?name|name\s+of\s+(?:the\s+)?patient|full\s+name|(?:first|last|given|family|middle|maiden|birth)\s+names?(?:\s?\(s\))?|surname|forename|vorname|nachname|father(?:'s)?\s+name|mother(?:'s)?\s+name|spouse(?:'s)?\s+name|husband(?:'s)?\s+name|guardian(?:'s)?\s+name)`;
const ROLE_LABEL = String.raw`(?:ref(?:erred|erring)?\.?\s*(?:by|dr\.?|doctor|physician|provider|clinician|consultant)|referring\s+(?:doctor|physician|provider|clinician|dr\.?)|consultant|consulting\s+(?:doctor|physician)|doctor|physician|attending|provider|(?:ordering|requesting)\s+(?:physician|provider|doctor|clinician|dr\.?)|(?:signed|verified|reported|approved|checked|collected|requested|ordered|authori[sz]ed|reviewed|validated|released|performed|drawn|received)\s+by|pathologist|technician|technologist|phlebotomist|next\s+of\s+kin|emergency\s+contact|guardian)`;
/** "Name" alone is a person's, but not in "Test Name", "Drug name", "Hospital Name". */
const OTHER_NAME = String.raw`(?<!(?:test|drug|product|panel|profile|brand|generic|trade|file|user|company|facility|hospital|clinic|centre|center|lab|laboratory|method|instrument|analyte|investigation|parameter|specimen|sample|organism|medication|medicine|item|service|department|dept|ward|unit|study|field|host|network|device|package|plan|payer|insurer|employer|school|pharmacy|vendor|account|model)[\s._-]{1,2})`;
/** A note on how the name is written: "Name (Last, First):". */
const HINT = String.raw`(?:\s{0,2}\([^)]{1,24}\))?`;
/** The label, then padding ("Patient Name        : ..." in aligned headers), then the value. */
const LABELLED = new RegExp(
  String.raw`\b(${NAMED_LABEL}|${PERSON}|${OTHER_NAME}name|${ROLE_LABEL})${HINT}\s{0,12}[:=-]\s{0,4}(?=([^\t|:]{1,80}))`,
  'gi',
);
const COLUMN = new RegExp(String.raw`\b(${NAMED_LABEL})(?:\s{2,8}|\t)(?=([^\t|:]{1,80}))`, 'gi');
/** A candidate name at a line's start, and the cue that makes the line a patient header. */
const HEADER_WORD = String.raw`[A-Za-z][A-Za-z'.]{0,30}(?:-[A-Za-z][A-Za-z'.]{0,30})?`;
const HEADER = new RegExp(
  String.raw`^\s{0,4}(${HEADER_WORD}(?:,?\s{1,2}${HEADER_WORD}){1,4})\s{0,6}[,(|]?\s{0,3}(?:born|dob|d\.o\.b|date\s+of\s+birth|birth\s*date|aged?|sex|gender|mrn|uhid|\d{1,3}\s{0,2}(?:y|yo|yrs?|years?))(?![a-z])`,
  'i',
);

const TITLE = /^(?:mr|mrs|ms|miss|mister|master|mx|dr|prof|baby|smt|shri|sri|km|kum)\.?$/i;
/** The next label inside a value: "John Smith Age: 27" ends the name before "Age". */
const NEXT_LABEL =
  /\s(?:age|sex|gender|dob|d\.o\.b|born|mrn|reg|id|uhid|date|ref|tel|phone|mobile|sample|sampled|collected|reported|bed|ward|room|visit|lab|acc)\b/i;
/** Values that say there is no name: "Referred By: Self", "Consultant: N/A". */
const NO_NAME =
  /^(?:self|walk[\s-]?in|direct|none|nil|unknown|n\/?a|not\s+(?:given|known|stated))\.?$/i;
/** Words of an organisation, not a person ("Performed by: Quest Diagnostics"). */
const ORGANISATION = new Set([
  ...FACILITY_SUFFIXES,
  ...`lab labs laboratory laboratories diagnostics diagnostic pathology imaging healthcare inc ltd
  llc pvt plc gmbh corp company team department dept unit ward`.split(/\s+/),
]);
const WORD = /[A-Za-z][A-Za-z'.-]{0,30}/g;

interface Word {
  readonly text: string;
  readonly lower: string;
  readonly start: number;
  readonly end: number;
}

export function findNameFields(line: string, ctx: DocContext, lineStart = true): Hit[] {
  const hits: Hit[] = [];
  for (const re of [LABELLED, COLUMN]) {
    for (const m of line.matchAll(re)) {
      const at = m.index + m[0].length;
      const name = nameIn(m[2] ?? '', ctx, /name/i.test(m[1] ?? '') ? 'named' : 'field');
      if (name) hits.push({ kind: 'name', start: at + name.start, end: at + name.end });
    }
  }
  const header = lineStart ? HEADER.exec(line) : null;
  if (header) {
    const value = header[1] ?? '';
    const at = header.index + header[0].indexOf(value);
    const name = nameIn(value, ctx, 'header');
    // The whole candidate must be the name: "Serum Zorvath born" is not a header.
    if (name && value.slice(name.end).trim().replace(/^,$/, '') === '')
      hits.push({ kind: 'name', start: at + name.start, end: at + name.end });
  }
  return hits;
}

/**
 * How sure the context is that a name follows: after a label that says "name" two capitalised
 * everyday words are one ("Patient Name: Mark Hope"); after other labels ("Patient:", "Ref.
 * By:") one word must be a listed name or not a word at all; unlabelled at a line's start
 * the same, with no clinical word, and the name is not learnt for the rest of the document (an
 * unknown medical word could pass for one).
 */
type Evidence = 'named' | 'field' | 'header';

/** The name a field's value starts with, as offsets into the value (title included). */
function nameIn(
  raw: string,
  ctx: DocContext,
  evidence: Evidence,
): { start: number; end: number } | undefined {
  let value = raw.split(/\s{2,}|[;()[\]|]/)[0] ?? '';
  const label = NEXT_LABEL.exec(value);
  if (label) value = value.slice(0, label.index);
  const [family = '', written] = value.split(',');
  // "Smith, John HCP": after given names in Title case, a word in capitals is something else.
  const given = written?.replace(/^(\s*[A-Z][a-z][^,]*?)\s+[A-Z]{2,}\b.*$/, '$1');
  const inverted = given !== undefined && invertedName(family, given, ctx);
  value = inverted ? `${family},${given}` : family;
  // "Patient: Smith, 45 yo" keeps "Smith"; a value with digits is no name.
  if (/\d/.test(value)) return undefined;
  const words = wordsOf(value);
  let first = 0;
  while (first < words.length && TITLE.test(words[first]?.text ?? '')) first++;
  let last = words.length - 1;
  while (last >= first && CREDENTIALS.has(words[last]?.lower ?? '')) last--;
  const named = words.slice(first, last + 1);
  if (named.length === 0 || named.length > 5) return undefined;
  if (named.length < (evidence === 'header' ? 2 : 1) && !inverted) return undefined;
  if (NO_NAME.test(value.slice(named[0]?.start ?? 0).trim())) return undefined;
  if (named.some((w) => ORGANISATION.has(w.lower))) return undefined;
  if (!named.some((w) => w.lower.length >= 2)) return undefined;
  const accepted =
    evidence === 'header'
      ? named.every((w) => nameish(w) && capitalised(w, ctx)) ||
        (writtenAsName(named, ctx, evidence) && !named.some((w) => isClinicalWord(w.lower)))
      : inverted ||
        named.every(nameish) ||
        writtenAsName(named, ctx, evidence) ||
        (evidence === 'named' && plainWords(named, ctx));
  if (!accepted) return undefined;
  for (const w of named)
    if (evidence !== 'header' && w.lower.length >= 3 && !isFunctionWord(w.lower) && nameish(w))
      ctx.names.add(w.lower);
  return { start: words[0]?.start ?? 0, end: named[named.length - 1]?.end ?? 0 };
}

/** Two to four capitalised words, none of medicine, not opening with a grammar word. */
function plainWords(named: readonly Word[], ctx: DocContext): boolean {
  return (
    named.length >= 2 &&
    named.length <= 4 &&
    named.every(
      (w, i) =>
        capitalised(w, ctx) &&
        parts(w).every((p) => !isClinicalWord(p) && !(i === 0 && isFunctionWord(p))),
    )
  );
}

const wordsOf = (text: string): Word[] =>
  [...text.matchAll(WORD)].map((w) => ({
    text: w[0],
    lower: w[0].toLowerCase().replace(/\.$/, ''),
    start: w.index,
    end: w.index + w[0].length,
  }));

const parts = (w: Word) => w.lower.split('-').filter(Boolean);
/** A listed name, an initial, or not an everyday word ("O'Neil-Vexley", not "Gamma-Glutamyl"). */
const nameish = (w: Word) =>
  w.lower.length === 1 || parts(w).every((p) => isKnownName(p) || !isVocabulary(p));
/** A word that says "name" by itself: three letters or more, listed or not a word. */
const nameSignal = (w: Word) => w.lower.length >= 3 && nameish(w);

function capitalised(w: Word, ctx: DocContext): boolean {
  return ctx.mode !== 'mixed' || /^[A-Z]/.test(w.text);
}

/** Lower-case particles inside names: "Ana de la Cruz", "Jan van der Berg", "Omar bin Said". */
const PARTICLE =
  /^(?:de|da|das|do|dos|du|del|della|der|den|di|la|le|van|von|ter|ten|bin|binti|ibn|al|el|y)$/;

function writtenAsName(named: readonly Word[], ctx: DocContext, evidence: Evidence): boolean {
  if (!named.some(nameSignal)) return false;
  const last = named.length - 1;
  return named.every((w, i) => {
    // Inside a name a particle or an unlisted word may be in lower case ("Maria luisa GARCIA").
    if (i < last && PARTICLE.test(w.text)) return true;
    if (i > 0 && i < last && nameish(w)) return true;
    if (!capitalised(w, ctx) || !isFunctionWord(w.lower)) return capitalised(w, ctx);
    // A grammar word may be a surname ("Zorvath Will") after a name label, or where case shows it.
    if (i === 0) return false;
    return evidence === 'named' || (ctx.mode === 'mixed' && !/^[A-Z]{2}/.test(w.text));
  });
}

/** "SMITH, John" or "Smith, John A.": a family name, a comma, given names; not "Smith, MD". */
function invertedName(family: string, given: string, ctx: DocContext): boolean {
  const f = wordsOf(family);
  const g = wordsOf(given);
  if (f.length === 0 || f.length > 3 || g.length === 0 || g.length > 3) return false;
  if (/\d/.test(family) || /\d/.test(given)) return false;
  if (g.some((w) => CREDENTIALS.has(w.lower)) || TITLE.test(f[0]?.text ?? '')) return false;
  // "Guardian: Niece, Mary Smith": a relation or a role before the comma is not a family name.
  if (f.some((w) => RELATIONS.has(w.lower) || ROLES.has(w.lower))) return false;
  // "WILL, Ngozi": the comma form is strong enough for a surname that is also a grammar word.
  const all = [...f, ...g];
  return all.some(nameSignal) && all.every((w) => capitalised(w, ctx) || PARTICLE.test(w.text));
}
