import { BEFORE_INITIAL, CREDENTIALS, RELATIONS } from './cues.lexicon.js';
import type { LineView } from './line-view.js';
import { isFirstName, isKnownName, isUnambiguousName } from './tokens.js';

/** Tokens from..to (inclusive) form a name; `seed` teaches it to the rest of the document. */
export interface NameRun {
  readonly from: number;
  readonly to: number;
  readonly seed: boolean;
}

/** Extends a name forward over initials, listed names and unknown words ("Dan A. Forman-Lyons"). */
export function extendName(view: LineView, from: number): number {
  let to = from;
  const continues = (k: number) =>
    view.nameLike(k) || (view.isName(k) && view.cap(k) && !view.isFunction(k));
  while (to + 1 < view.tokens.length && to - from < 3 && view.joined(to + 1) && continues(to + 1))
    to++;
  return to;
}

/** A name needs one word that is a listed name or is not a word at all. */
function hasNameSignal(view: LineView, from: number, to: number): boolean {
  for (let k = from; k <= to; k++) if (view.isName(k) || !view.isVocab(k)) return true;
  return false;
}

/** Walks back from `last` over up to `max` name-like tokens written as one name. */
function nameBefore(view: LineView, last: number, max: number): number {
  const part = (k: number) => view.nameLike(k) || (view.isName(k) && !view.isFunction(k));
  let from = last;
  while (from >= 0 && last - from < max && part(from) && (from === last || view.joined(from + 1)))
    from--;
  return from + 1;
}

/**
 * A credential closes a signature: "Irene Snell, RN", "Q. Lander RRT", "B. Parrilli BSN/RN".
 * Mid-sentence ("seen by primary RN") it counts only after a listed or capitalised name.
 */
export function signature(view: LineView, i: number): NameRun | undefined {
  if (!CREDENTIALS.has(view.lower(i)) || i === 0) return undefined;
  const atEnd = /^[\s.,;:/-]*(?:$|[a-z]{2,5}\b[\s.]*$)/i.test(view.rest(i));
  const before = i - 1;
  const named =
    isKnownName(view.lower(before)) ||
    (view.ctx.mode === 'mixed' &&
      /^[A-Z][a-z]/.test(view.at(before)?.text ?? '') &&
      !view.isVocab(before));
  if (!view.gapBefore(i).includes(',') && !atEnd && !named) return undefined;
  let last = i - 1;
  while (last >= 0 && CREDENTIALS.has(view.lower(last))) last--;
  const from = nameBefore(view, last, 4);
  return from <= last && hasNameSignal(view, from, last)
    ? { from, to: last, seed: true }
    : undefined;
}

/** A relation in brackets after a name: "Ursla Moretti (daughter)", "Hank Przybylo (son)". */
export function bracketedRelation(view: LineView, i: number): NameRun | undefined {
  if (!RELATIONS.has(view.lower(i)) || i === 0 || !/\(\s*$/.test(view.gapBefore(i)))
    return undefined;
  const last = i - 1;
  const from = nameBefore(view, last, 3);
  return from <= last && hasNameSignal(view, from, last)
    ? { from, to: last, seed: true }
    : undefined;
}

const AFTER_NAME =
  /^[\s,.;:-]*(?:$|aware|notified|called|paged|spoke|here|in\b|at bedside|made aware|rrt|rn|np|md|bsn|pa\b|informed|updated|re\b|regarding|about|and\b)/i;

/**
 * An initial and a surname: "N. Grandone aware", "per B. Kargas". Without case, "A. Stable"
 * opens an assessment, so the pair needs a cue before or after it.
 */
export function initialAndSurname(view: LineView, i: number): NameRun | undefined {
  const surname = view.nameLike(i + 1) || (view.isName(i + 1) && !view.isFunction(i + 1));
  if (!view.isInitial(i) || !view.joined(i + 1) || !surname || view.isInitial(i + 1))
    return undefined;
  if (!view.cap(i) || view.lower(i + 1).length < 3) return undefined;
  const inContext =
    (view.ctx.mode === 'mixed' && !view.isVocab(i + 1)) ||
    BEFORE_INITIAL.has(view.lower(i - 1)) ||
    AFTER_NAME.test(view.rest(i + 1));
  return inContext ? { from: i, to: extendName(view, i + 1), seed: true } : undefined;
}

/**
 * In mixed case, two capitalised unknown words side by side inside a sentence are a name
 * ("spoke with Radu Crosson"); in headings and test names ("Serum Glutamic Pyruvic") they are not.
 */
export function capitalisedPair(view: LineView, i: number): NameRun | undefined {
  if (view.ctx.mode !== 'mixed') return undefined;
  const previous = view.at(i - 1)?.text ?? '';
  const midSentence = /^[a-z]+$/.test(previous) || (i > 0 && /[(:]/.test(view.gapBefore(i)));
  const first = view.at(i)?.text ?? '';
  if (!midSentence || !/^[A-Z][a-z]+$/.test(first) || view.isVocab(i) || view.isName(i))
    return undefined;
  const next = view.at(i + 1)?.text ?? '';
  if (!view.joined(i + 1) || !/^[A-Z][a-z'-]+$/.test(next) || view.isVocab(i + 1)) return undefined;
  return { from: i, to: extendName(view, i + 1), seed: true };
}

/** The lexicon alone: an unambiguous listed name, with the surname after a first name. */
export function listedName(
  view: LineView,
  i: number,
  taken: ReadonlySet<number>,
): NameRun | undefined {
  const w = view.lower(i);
  if (!isUnambiguousName(w) || !view.cap(i)) return undefined;
  const to = isFirstName(w) ? extendName(view, i) : i;
  const joinedFirst =
    i > 0 && view.joined(i) && isFirstName(view.lower(i - 1)) && !taken.has(i - 1);
  return { from: joinedFirst ? i - 1 : i, to, seed: false };
}
