import { MOVE_ADVERBS, MOVES } from './cues.lexicon.js';
import type { LineView } from './line-view.js';
import {
  COUNTRIES,
  FACILITY_NAME_WORDS,
  FACILITY_SUFFIXES,
  GENERIC_FACILITY_WORDS,
  STATE_NAMES,
  WORLD_CITIES,
} from './places.lexicon.js';
import { isCity, isClinicalWord, isFirstName, isVocabulary } from './tokens.js';

/** Tokens from..to (inclusive) name a place. */
export interface PlaceRun {
  readonly from: number;
  readonly to: number;
}

const SUFFIX = new Set(FACILITY_SUFFIXES);
export const NAME_WORD = new Set(FACILITY_NAME_WORDS);
const GENERIC = new Set(GENERIC_FACILITY_WORDS);
/** States and countries are not PHI (HIPAA allows them): never reported, never part of a slot. */
export const NOT_PHI_PLACE = new Set([...STATE_NAMES, ...COUNTRIES]);
const WORLD = new Set(WORLD_CITIES);
const STRONG_SUFFIX = new Set(['hospital', 'hosp', 'memorial', 'infirmary', 'sanatorium']);
const UNIVERSITY = new Set(['university', 'univ', 'u']);
const PREPOSITIONS = new Set(['to', 'from', 'at', 'in', 'into', 'by']);
const SLOT_PREPOSITIONS = new Set(['to', 'from', 'at', 'in', 'on', 'by', 'of', 'per']);
/** In mixed case, two capitalised words after these are a place ("at Holy Cross"). */
const PLACE_PREPOSITIONS = new Set(['in', 'at', 'from']);
const HOSPITAL_PREPOSITIONS = new Set(['in', 'at', 'from', 'to', 'by']);
/** Words after a place that say it was one: a ward number, an emergency room, a cath lab. */
const AFTER_PLACE =
  /^[\s-]{1,2}(?:[1-9](?!\d|\.\d|['%/-]|\s*(?:u\b|units?|mg|mcg|cc|ml|l\b|x\b|hrs?\b|min))|er\b|ew\b|ed\b|icu\b|micu\b|ccu\b|tcu\b|cath lab|hosp|rehab|campus|building|area\b)/i;

export const isWorldCity = (w: string) => WORLD.has(w);

/** A word that may continue a place's name: unknown, a listed name or a facility name word. */
function placeWord(view: LineView, k: number): boolean {
  const w = view.lower(k);
  if (view.at(k) === undefined || view.isFunction(k) || NOT_PHI_PLACE.has(w) || !view.cap(k))
    return false;
  return !view.isVocab(k) || view.isName(k) || NAME_WORD.has(w);
}

/**
 * The name before a facility word, back to a grammar word: "to Sacred Heart Memorial",
 * "Holy Cross Hospital", "Keeley House". "Medical" counts only in "medical center".
 */
export function facility(view: LineView, i: number): PlaceRun | undefined {
  const w = view.lower(i);
  const isSuffix =
    SUFFIX.has(w) &&
    (w !== 'medical' || /^(?:center|centre|ctr|campus|group|clinic)$/.test(view.lower(i + 1)));
  if (!isSuffix || SUFFIX.has(view.lower(i - 1))) return undefined;
  let from = i;
  while (from > 0 && i - from < 4) {
    const k = from - 1;
    const word = view.lower(k);
    const gap = view.gapBefore(from);
    const dotOk = /^\.\s{0,2}$/.test(gap) && (word === 'st' || view.isInitial(k));
    if (!/^(?:\s{1,2}|-)$/.test(gap) && !dotOk) break;
    if (GENERIC.has(word) && !NAME_WORD.has(word)) break;
    // Single letters are grammar words, but "U Maryland" is a university ("University of X").
    const ofUniversity =
      word === 'of' &&
      ['university', 'u', 'college', 'institute', 'univ'].includes(view.lower(k - 1));
    if (view.isFunction(k) && word !== 'u' && !ofUniversity) break;
    from = k;
  }
  // "Memorial Hospital": the first facility word is itself the name.
  if (from === i)
    return NAME_WORD.has(w) && SUFFIX.has(view.lower(i + 1)) ? { from: i, to: i } : undefined;
  // A facility's name has a proper noun in it: an unknown word, a listed name, a city or state,
  // or (in mixed case) capitalised words ("Holy Cross"); "cardiac rehab" and "begin rehab" do not.
  let distinctive = false;
  let capitalised = view.ctx.mode === 'mixed';
  for (let k = from; k < i; k++) {
    const word = view.lower(k);
    if (
      !isVocabulary(word) ||
      view.isName(k) ||
      isCity(word) ||
      NOT_PHI_PLACE.has(word) ||
      NAME_WORD.has(word)
    )
      distinctive = true;
    if (!/^[A-Z]/.test(view.at(k)?.text ?? '')) capitalised = false;
  }
  if (capitalised && !isClinicalWord(view.lower(from))) distinctive = true;
  // "Union Hospital": before a word that only names hospitals, one everyday word is a name.
  if (STRONG_SUFFIX.has(w) && from === i - 1 && !isClinicalWord(view.lower(from)))
    distinctive = true;
  if (!distinctive) return undefined;
  // Keep "Memorial" in "Harford Memorial": the word names the place.
  return { from, to: NAME_WORD.has(w) ? i : i - 1 };
}

/** "University of Maryland", "U Maryland". */
export function university(view: LineView, i: number): PlaceRun | undefined {
  const w = view.lower(i);
  if (!UNIVERSITY.has(w) || (w === 'u' && view.at(i)?.text !== 'U')) return undefined;
  const j = view.lower(i + 1) === 'of' ? i + 2 : i + 1;
  const x = view.lower(j);
  if (view.at(j) === undefined || !view.joined(j)) return undefined;
  const named =
    NOT_PHI_PLACE.has(x) || isCity(x) || x === 'md' || (!isVocabulary(x) && view.cap(j));
  return named ? { from: i, to: j } : undefined;
}

/** A saint's name: "St. Agnes", "St Mary's" (not "ST elevation", not "19 Clover St"). */
export function saint(view: LineView, i: number): PlaceRun | undefined {
  const w = view.lower(i);
  if ((w !== 'st' && w !== 'saint') || /\d\s*$/.test(view.text.slice(0, view.at(i)?.start)))
    return undefined;
  const j = i + 1;
  const gap = view.gapBefore(j);
  if (view.at(j) === undefined || !/^\.?\s{1,2}$/.test(gap) || view.isFunction(j)) return undefined;
  const named =
    isFirstName(view.lower(j)) ||
    SUFFIX.has(view.lower(j + 1)) ||
    (view.ctx.mode === 'mixed' &&
      gap.startsWith('.') &&
      /^[A-Z][a-z]/.test(view.at(j)?.text ?? '') &&
      !view.isVocab(j));
  return named ? { from: i, to: j } : undefined;
}

/** A place where a verb of movement or residence puts one: "transferred back to X", "lives in X". */
export function movedTo(view: LineView, i: number): PlaceRun | undefined {
  if (!MOVES.has(view.lower(i))) return undefined;
  const p = MOVE_ADVERBS.has(view.lower(i + 1)) ? i + 2 : i + 1;
  if (!PREPOSITIONS.has(view.lower(p))) return undefined;
  const j = view.lower(p + 1) === 'the' ? p + 2 : p + 1;
  if (!/^\s{1,3}$/.test(view.gapBefore(j)) || view.isInitial(j)) return undefined;
  const w = view.lower(j);
  const named =
    (placeWord(view, j) && !view.isVocab(j) && !SUFFIX.has(w)) || isCity(w) || WORLD.has(w);
  if (!named) return undefined;
  let to = j;
  while (
    to - j < 2 &&
    view.joined(to + 1) &&
    placeWord(view, to + 1) &&
    !SUFFIX.has(view.lower(to + 1))
  )
    to++;
  return { from: j, to };
}

/**
 * A place after a bare preposition needs more than an unknown word: a ward number or facility
 * word after it ("on Quartermain 6", "at GH EW"), a hospital abbreviation ("to GH"), or, in mixed
 * case, a capitalised name of two words ("at Holy Cross").
 */
export function afterPreposition(view: LineView, i: number): PlaceRun | undefined {
  if (!SLOT_PREPOSITIONS.has(view.lower(i))) return undefined;
  const j = view.lower(i + 1) === 'the' ? i + 2 : i + 1;
  const tok = view.at(j);
  if (
    tok === undefined ||
    view.isFunction(j) ||
    view.isInitial(j) ||
    !/^\s{1,3}$/.test(view.gapBefore(j))
  )
    return undefined;
  const w = view.lower(j);
  if (isClinicalWord(w) || NOT_PHI_PLACE.has(w) || SUFFIX.has(w)) return undefined;
  const unknown = !isVocabulary(w) && !view.isName(j);
  if (unknown && AFTER_PLACE.test(view.rest(j))) return { from: j, to: j };
  // Hospital abbreviations end in H, MC or HC (GH, MGH, UMMC).
  if (
    unknown &&
    /^[A-Z]{1,4}(?:H|MC|HC)$/.test(tok.text) &&
    HOSPITAL_PREPOSITIONS.has(view.lower(i))
  )
    return { from: j, to: j };
  if (
    view.ctx.mode !== 'mixed' ||
    !PLACE_PREPOSITIONS.has(view.lower(i)) ||
    !/^[A-Z][a-z]{2,}$/.test(tok.text)
  )
    return undefined;
  const next = view.at(j + 1);
  const pair =
    next !== undefined &&
    view.joined(j + 1) &&
    /^[A-Z][a-z]{1,}$/.test(next.text) &&
    !isClinicalWord(view.lower(j + 1)) &&
    !view.isFunction(j + 1);
  return pair && (unknown || !isVocabulary(view.lower(j + 1)) || !view.isName(j))
    ? { from: j, to: j + 1 }
    : undefined;
}
