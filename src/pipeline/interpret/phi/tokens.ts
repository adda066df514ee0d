import {
  ANATOMY_AND_FINDINGS,
  CLINICAL_ABBREVIATIONS,
  DRUGS,
  NURSING_WORDS,
} from './clinical-words.lexicon.js';
import { LAB_TESTS } from '../labs/lab-tests.data.js';
import { AMBIGUOUS_NAMES, FIRST_NAMES, SURNAMES } from './names.lexicon.js';
import { CITIES } from './places.lexicon.js';
import { CLINICAL_WORDS, COMMON_WORDS, FUNCTION_WORDS } from './words.lexicon.js';

/** A word of a line: letters with inner apostrophes; `lower` drops a possessive "'s". */
export interface Token {
  readonly text: string;
  readonly lower: string;
  readonly start: number;
  readonly end: number;
}

/** Bounded so that a pathological line cannot make a token (or the scan) expensive. */
const WORD = /[A-Za-z](?:[A-Za-z]|'(?=[A-Za-z])){0,39}/g;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const lower = m[0].toLowerCase().replace(/'s$/, '');
    tokens.push({ text: m[0], lower, start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

const FUNCTION = new Set(FUNCTION_WORDS);
const COMMON = new Set(COMMON_WORDS);
const CLINICAL = new Set([
  ...CLINICAL_WORDS,
  ...CLINICAL_ABBREVIATIONS,
  ...DRUGS,
  ...ANATOMY_AND_FINDINGS,
  ...NURSING_WORDS,
]);
const FIRST = new Set(FIRST_NAMES);
const SURNAME = new Set(SURNAMES);
const AMBIGUOUS = new Set(AMBIGUOUS_NAMES);
const CITY = new Set(CITIES);
/**
 * The words of the lab tests the engine reads ("Basophils", "Protime", "Troponin"): clinical,
 * never a person's name. Everyday words among them ("good", "white", "direct") keep their tier:
 * as clinical words they would veto real surnames and places (Mrs. White, Good Samaritan).
 */
for (const test of LAB_TESTS)
  for (const name of test.names)
    for (const word of name.toLowerCase().match(/[a-z]{3,}/g) ?? [])
      if (!COMMON.has(word) && !FUNCTION.has(word) && !AMBIGUOUS.has(word) && !CITY.has(word))
        CLINICAL.add(word);

/** The word and the stems a suffix may hide ("visited" -> "visit", "aches" -> "ache"). */
function forms(word: string): string[] {
  const out = [word];
  if (word.length < 4) return out;
  for (const suffix of ['s', 'es', 'ed', 'd', 'ing', 'ly', "'"]) {
    if (word.endsWith(suffix)) out.push(word.slice(0, -suffix.length));
  }
  if (word.endsWith('ing')) out.push(`${word.slice(0, -3)}e`);
  // "planning" -> "plan", "stopped" -> "stop".
  for (const suffix of ['ing', 'ed']) {
    const stem = word.slice(0, -suffix.length);
    if (word.endsWith(suffix) && stem.length >= 3 && stem.at(-1) === stem.at(-2))
      out.push(stem.slice(0, -1));
  }
  return out;
}

const inSet = (set: ReadonlySet<string>, word: string) => forms(word).some((f) => set.has(f));

export const isFunctionWord = (word: string) => FUNCTION.has(word) || /^[a-z]$/.test(word);
export const isFirstName = (word: string) => FIRST.has(word);
export const isSurname = (word: string) => SURNAME.has(word);
export const isKnownName = (word: string) => FIRST.has(word) || SURNAME.has(word);
export const isAmbiguousName = (word: string) => AMBIGUOUS.has(word);
export const isCity = (word: string) => CITY.has(word);

/** An everyday or clinical word (inflections included), unless it is a listed name. */
const WORD_ENDINGS =
  /(?:tion|sion|ment|ness|ity|ive|ous|ology|ologist|itis|osis|ectomy|otomy|ostomy|plasty|scopy|graphy|emia|algia|pathy|ical|ial|ular|able|ible|less|ful|ize|ized|ated|ating|ectasis|megaly|penia|cytosis|uria|lysis|trophy|plegia|paresis|phagia|pnea|rrhea|genic|tomy|zole|mycin|cillin|pril|olol|sartan|statin|azine|tidine|prazole|floxacin|cycline)$/;

export function isVocabulary(word: string): boolean {
  if (FUNCTION.has(word) || COMMON.has(word) || CLINICAL.has(word)) return true;
  // Intensive care units have many local names (MICU, CTICU, NSICU...).
  if (/^[a-z]{0,4}(?:icu|ccu)$/.test(word)) return true;
  if (isKnownName(word) || AMBIGUOUS.has(word)) return false;
  // Long words with the endings of English and medical vocabulary are not names.
  if (word.length >= 7 && WORD_ENDINGS.test(word)) return true;
  return inSet(FUNCTION, word) || inSet(COMMON, word) || inSet(CLINICAL, word);
}

export const isClinicalWord = (word: string) => CLINICAL.has(word) || inSet(CLINICAL, word);

/** A name on its own, with no cue: listed, unambiguous and not a word. */
export const isUnambiguousName = (word: string) =>
  word.length >= 3 && isKnownName(word) && !AMBIGUOUS.has(word) && !isVocabulary(word);
