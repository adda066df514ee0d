import type { Hit } from './hit.js';
import type { LineView } from './line-view.js';
import {
  afterPreposition,
  facility,
  isWorldCity,
  movedTo,
  NAME_WORD,
  NOT_PHI_PLACE,
  saint,
  university,
  type PlaceRun,
} from './place-rules.js';
import { CITY_PHRASES } from './places.lexicon.js';
import { isCity, isVocabulary } from './tokens.js';

/**
 * Named places in one line, reported as 'address' (the closest PhiKind: the gold standard's
 * Location covers hospitals, wards and towns). A place is the name before a facility word
 * ("Holy Cross Hospital", "Keeley House"), a university or a saint's name (St. Agnes), an unknown
 * word where a sentence puts a place ("transferred to X", "lives in X", "on X 6"), or a listed
 * city. Places learnt here are found again on the document's other lines.
 */
export function findPlaces(view: LineView): Hit[] {
  const hits: Hit[] = [];
  const mark = ({ from, to }: PlaceRun) => {
    const first = view.at(from);
    const last = view.at(to);
    if (first === undefined || last === undefined || to < from) return;
    hits.push({ kind: 'address', start: first.start, end: last.end });
    for (let k = from; k <= to; k++) {
      const w = view.lower(k);
      if (w.length >= 2 && !isVocabulary(w) && !NOT_PHI_PLACE.has(w) && !NAME_WORD.has(w))
        view.ctx.places.add(w);
    }
  };
  for (let i = 0; i < view.tokens.length; i++) {
    const w = view.lower(i);
    const city = (isCity(w) || isWorldCity(w)) && !isVocabulary(w) && view.cap(i);
    const run =
      facility(view, i) ??
      university(view, i) ??
      saint(view, i) ??
      movedTo(view, i) ??
      (city ? { from: i, to: i } : undefined) ??
      afterPreposition(view, i);
    if (run === undefined) continue;
    mark(run);
    i = Math.max(i, run.to);
  }
  const lower = view.text.toLowerCase();
  for (const phrase of CITY_PHRASES) {
    for (let at = lower.indexOf(phrase); at >= 0; at = lower.indexOf(phrase, at + 1)) {
      const end = at + phrase.length;
      if (/\w/.test(lower[at - 1] ?? ' ') || /\w/.test(lower[end] ?? ' ')) continue;
      hits.push({ kind: 'address', start: at, end });
    }
  }
  return hits;
}
