import {
  AMBIGUOUS_TITLES,
  DOCTOR_TITLES,
  PLURAL_CUES,
  RELATIONS,
  ROLES,
  TITLES,
} from './cues.lexicon.js';
import type { Hit } from './hit.js';
import type { LineView } from './line-view.js';
import {
  bracketedRelation,
  capitalisedPair,
  extendName,
  initialAndSurname,
  listedName,
  signature,
  type NameRun,
} from './name-rules.js';
import { isClinicalWord, isKnownName } from './tokens.js';

/**
 * Person names in one line. Free text (nursing notes are often all caps) gives no capital
 * letters to go by, so a word is a name when a cue says so: a title before it (Dr, Mrs), a
 * relation (son, daughter) or role (NP, rabbi), a credential after it ("Irene Snell, RN"), an
 * initial ("B. Kargas"), a list with a name already found ("Drs Ballou and Dutter"); or when it
 * is in the lexicon of names and is not an everyday word.
 */
export function findPeople(view: LineView): Hit[] {
  const hits: Hit[] = [];
  const taken = new Set<number>();
  const mark = (run: NameRun) => {
    const first = view.at(run.from);
    const last = view.at(run.to);
    if (first === undefined || last === undefined) return;
    hits.push({ kind: 'name', start: first.start, end: last.end });
    for (let k = run.from; k <= run.to; k++) {
      taken.add(k);
      const w = view.lower(k);
      if (run.seed && w.length >= 3 && !view.isVocab(k)) view.ctx.names.add(w);
    }
  };
  for (let i = 0; i < view.tokens.length; i++) {
    const cued = afterCue(view, i);
    if (cued.length > 0) {
      cued.forEach(mark);
      // A header cell that holds only a titled name ("Mr. John Smith" then a column gap): the
      // title goes with the name, as a labelled field's value does.
      const title = view.at(i);
      const name = hits[0];
      if (
        i === 0 &&
        title !== undefined &&
        name !== undefined &&
        TITLES.has(title.lower) &&
        view.gapBefore(0).trim() === '' &&
        /^(?:\s*$|\s{2,}|\s*[|\t])/.test(view.text.slice(name.end))
      )
        hits[0] = { ...name, start: title.start };
      i = cued[cued.length - 1]?.to ?? i;
      continue;
    }
    if (taken.has(i)) continue;
    const run =
      signature(view, i) ??
      bracketedRelation(view, i) ??
      initialAndSurname(view, i) ??
      capitalisedPair(view, i) ??
      listedName(view, i, taken);
    if (run === undefined) continue;
    mark(run);
    i = Math.max(i, run.to);
  }
  return hits;
}

type Strength = 'doctor' | 'title' | 'weak';

/** The name after a cue word at i, and the names listed after it ("Drs Ballou and Dutter"). */
function afterCue(view: LineView, i: number): NameRun[] {
  const cue = view.lower(i);
  const strength: Strength | undefined = DOCTOR_TITLES.has(cue)
    ? 'doctor'
    : TITLES.has(cue)
      ? 'title'
      : ROLES.has(cue) || RELATIONS.has(cue)
        ? 'weak'
        : undefined;
  if (strength === undefined || i + 1 >= view.tokens.length) return [];
  const gap = view.gapBefore(i + 1);
  const gapOk =
    strength === 'weak' ? /^[\s,:(-]{1,5}$/.test(gap) : gap !== '' && /^\.?[\s']{0,3}$/.test(gap);
  if (!gapOk || !accepts(view, i + 1, strength, cue)) return [];
  const runs: NameRun[] = [{ from: i + 1, to: extendName(view, i + 1), seed: true }];
  // After a comma only a listed name continues a singular cue's list ("Dr. X, tol well").
  const plural = PLURAL_CUES.has(cue);
  for (let round = 0; round < 3; round++) {
    let c = (runs[runs.length - 1]?.to ?? i) + 1;
    const comma = /^\s*[,/]\s*$/.test(view.gapBefore(c));
    if (view.lower(c) === 'and' || view.lower(c) === '&') c++;
    else if (!comma) break;
    const listed =
      (view.isName(c) && view.cap(c) && !view.isFunction(c)) ||
      ((plural || !comma) && view.nameLike(c));
    if (!listed || (view.isInitial(c) && !view.nameLike(c + 1))) break;
    runs.push({ from: c, to: extendName(view, c), seed: !comma || plural });
  }
  return runs;
}

/** Whether the word at j, after a cue of this strength, is a name. */
function accepts(view: LineView, j: number, strength: Strength, cue: string): boolean {
  const tok = view.at(j);
  if (tok === undefined) return false;
  // "Dr. J. Smith", "Dr B Muse", "Dr. O Rourke": an initial, dotted or not, before a surname.
  if (view.isInitial(j) || (strength !== 'weak' && /^[A-Z]$/i.test(tok.text))) {
    const surname =
      view.nameLike(j + 1) || view.isName(j + 1) || (strength === 'doctor' && !view.isVocab(j + 1));
    return view.joined(j + 1) && surname;
  }
  if (view.isFunction(j)) return false;
  const w = view.lower(j);
  switch (strength) {
    case 'doctor':
      return true;
    case 'title':
      if (AMBIGUOUS_TITLES.has(cue)) {
        const capitalised = view.ctx.mode === 'mixed' && /^[A-Z][a-z]/.test(tok.text);
        return isKnownName(w) || (capitalised && !view.isVocab(j));
      }
      // Surnames are often everyday words (Mrs. Powers), but not clinical ones (Mr. moderate).
      return view.isName(j) || !view.isVocab(j) || !isClinicalWord(w);
    case 'weak':
      // A role ("NP", "MD") is also an abbreviation: after it only a listed name or unknown word.
      if (ROLES.has(cue)) return (isKnownName(w) || !view.isVocab(j)) && view.cap(j);
      return (view.isName(j) || !view.isVocab(j)) && view.cap(j);
  }
}
