import { BRAND_DRUGS } from '../../src/pipeline/interpret/clinical/drug-lexicon.js';
import { matchGreedy, type Counts } from './counts.js';
import { containsTokens, tokens } from './normalise.js';

/** SNOMED semantic tags ("(disorder)") some sources leave on a display name. */
const SEMANTIC_TAG =
  /\s*\((disorder|finding|situation|procedure|morphologic abnormality|event)\)\s*$/i;

/** Unit words of a strength ("10 MG", "0.09 MG/ACTUAT", "108 (90 Base) MCG/ACT", "24 HR"). */
const STRENGTH_UNITS = new Set(
  'mg mcg ug g gm ml l unt unit units iu meq mmol actuat act hr h kg base'.split(' '),
);

/**
 * The display's drug words: numbers and the unit words right after them dropped, so a
 * combination reads as its ingredients ("Enalapril Maleate 10 MG / Hydrochlorothiazide 25 MG
 * Oral Tablet" → "enalapril maleate hydrochlorothiazide oral tablet").
 */
function withoutStrengths(ts: readonly string[]): string[] {
  const out: string[] = [];
  let afterNumber = false;
  for (const t of ts) {
    if (/^\d+$/.test(t)) afterNumber = true;
    else if (!(afterNumber && STRENGTH_UNITS.has(t))) {
      afterNumber = false;
      out.push(t);
    }
  }
  return out;
}

/** Brand (as tokens) → its generic's tokens, from the engine's lexicon ("Proventil" → albuterol). */
const BRANDS: readonly (readonly [string[], string[]])[] = [...BRAND_DRUGS].map(([b, g]) => [
  tokens(b),
  tokens(g),
]);

function genericOf(ts: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < ts.length;) {
    const brand = BRANDS.find(([b]) => b.length > 0 && b.every((t, j) => ts[i + j] === t));
    if (brand === undefined) out.push(ts[i++] ?? '');
    else {
      out.push(...brand[1]);
      i += brand[0].length;
    }
  }
  return out;
}

/** The ways a medication name may be read: as printed, without strengths, brands as generics. */
function medicationReadings(text: string): string[][] {
  const raw = tokens(text);
  const bare = withoutStrengths(raw);
  return [raw, bare, genericOf(bare)];
}

/**
 * Medication names: the predicted name (normalised, tokens) occurs as consecutive tokens in the
 * source's display, or the display in it. "Acetaminophen" or "acetaminophen 325 mg" both match
 * "Acetaminophen 325 MG Oral Tablet": the service names the drug, the display adds strength and
 * form, and a name is the drug either way. Both sides are also compared without strengths (a
 * combination's ingredients are not consecutive in its display) and with brands read as their
 * generics ("Proventil" is albuterol).
 */
export function sameMedication(predicted: string, gold: string): boolean {
  const ps = medicationReadings(predicted);
  const gs = medicationReadings(gold);
  return ps.some((p) => gs.some((g) => containsTokens(g, p) || containsTokens(p, g)));
}

/**
 * Condition names: one occurs in the other as consecutive tokens (semantic tags dropped) and the
 * shorter covers at least half of the longer's tokens: "hypertension" matches "essential
 * hypertension", "pain" does not match "chronic low back pain".
 */
export function sameCondition(predicted: string, gold: string): boolean {
  const p = tokens(predicted.replace(SEMANTIC_TAG, ''));
  const g = tokens(gold.replace(SEMANTIC_TAG, ''));
  const [short, long] = p.length <= g.length ? [p, g] : [g, p];
  return containsTokens(long, short) && short.length * 2 >= long.length;
}

/** A predicted item: its name, for a medication the dose that tells products apart, a code. */
export interface Named {
  readonly name: string;
  readonly dose?: string;
  readonly code?: { readonly code: string };
}

/**
 * Each name once (case, punctuation and spacing ignored), or once per printed dose: the truth
 * lists distinct products, so a drug the document prints on five rows is one product to find,
 * not one hit and four errors, while "albuterol 0.417 mg/mL" and "albuterol 0.83 mg/mL" are two.
 * A mention without a dose repeats a same-named one that has a dose. Of repeats, a coded one is
 * kept.
 */
export function distinctItems<T extends Named>(items: readonly T[]): T[] {
  const groups = new Map<string, Map<string, T>>();
  for (const item of items) {
    const key = tokens(item.name).join(' ');
    const group = groups.get(key) ?? new Map<string, T>();
    groups.set(key, group);
    const dose = item.dose?.toLowerCase().replace(/\s+/g, '') ?? '';
    const kept = group.get(dose);
    if (kept === undefined || (kept.code === undefined && item.code !== undefined))
      group.set(dose, item);
  }
  return [...groups.values()].flatMap((group) =>
    group.size > 1
      ? [...group].filter(([dose]) => dose !== '').map(([, i]) => i)
      : [...group.values()],
  );
}

export function distinctNames(items: readonly Named[]): string[] {
  return distinctItems(items).map((item) => item.name);
}

export function scoreNames(
  predicted: readonly Named[],
  gold: readonly string[],
  same: (predicted: string, gold: string) => boolean,
): Counts {
  return matchGreedy(distinctNames(predicted), gold, same).counts;
}

/**
 * Conditions: by name (`sameCondition`), or by SNOMED code where the truth has one and the
 * prediction carries the same (the engine codes only verified display texts, so "Coronary
 * arteriosclerosis" printed and named "Coronary artery disease" is still the truth's entry).
 */
export function scoreConditions(
  predicted: readonly Named[],
  gold: readonly string[],
  codes: readonly (string | undefined)[] | undefined,
): Counts {
  const golds = gold.map((name, i) => ({ name, code: codes?.[i] }));
  return matchGreedy(
    distinctItems(predicted),
    golds,
    (p, g) => sameCondition(p.name, g.name) || (g.code !== undefined && p.code?.code === g.code),
  ).counts;
}
