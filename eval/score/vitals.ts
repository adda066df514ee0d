import type { Vital } from '../../src/domain/result.js';
import type { GoldVital } from '../types.js';
import { matchGreedy, type Counts } from './counts.js';
import { sameNumber, unitKey } from './normalise.js';

/** Unit spellings grouped by what they measure in; two units of one group are the same unit. */
const UNIT_GROUPS: readonly (readonly string[])[] = [
  ['kg'],
  ['lb', 'lbs', '[lb_av]', 'pound', 'pounds'],
  ['cm'],
  ['in', '[in_i]', '[in_us]', 'inch', 'inches'],
  ['mm[hg]', 'mmhg'],
  ['/min', 'bpm', 'beats/min', '{beats}/min', 'breaths/min', '{breaths}/min'],
  ['cel', 'c', '°c', 'degc'],
  ['[degf]', 'f', '°f', 'degf'],
  ['kg/m2', 'kg/m^2'],
  ['%'],
];

/** Same unit, or one side has none (a bare "72" for a pulse is that pulse). */
function compatible(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = unitKey(a);
  const y = unitKey(b);
  if (x === '' || y === '' || x === y) return true;
  const group = UNIT_GROUPS.find((g) => g.includes(x));
  return group?.includes(y) ?? false;
}

/** A vital matches on kind and value (systolic and diastolic for blood pressure), unit compatible. */
export function sameVital(p: Vital, g: GoldVital): boolean {
  if (p.kind !== g.kind || !compatible(p.unit, g.unit)) return false;
  if (g.kind === 'blood_pressure')
    return (
      p.systolic !== undefined &&
      p.diastolic !== undefined &&
      g.systolic !== undefined &&
      g.diastolic !== undefined &&
      sameNumber(p.systolic, g.systolic) &&
      sameNumber(p.diastolic, g.diastolic)
    );
  return p.value !== null && g.value !== undefined && sameNumber(p.value, g.value);
}

export function scoreVitals(predicted: readonly Vital[], gold: readonly GoldVital[]): Counts {
  return matchGreedy(predicted, gold, sameVital).counts;
}
