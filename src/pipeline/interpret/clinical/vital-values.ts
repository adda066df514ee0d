import type { VitalKind } from '../../../domain/result.js';

/** What a label names: a kind, or one half of a blood pressure printed on its own. */
export type VitalPart =
  Exclude<VitalKind, 'blood_pressure'> | 'blood_pressure' | 'systolic' | 'diastolic';

/** Qualifiers that do not change what is measured ("Body Weight (Measured)", "Height (Lying)"). */
const QUALIFIERS =
  /\b(?:measured|calculated|reported|observed|patient|body|sitting|standing|supine|lying|seated|left|right|arm|manual|cuff|oral|axillary|tympanic|rectal|temporal|skin|core|intravascular|arterial|non-?invasive|current|last|initial|admission|vital)\b/g;

const LABELS: readonly (readonly [RegExp, VitalPart])[] = [
  [
    /^(?:bp\s*,?\s*)?systolic(?:\s+(?:blood\s+pressure|bp|pressure))?$|^(?:blood\s+pressure|bp),?\s+systolic$|^sbp$/,
    'systolic',
  ],
  [
    /^(?:bp\s*,?\s*)?diastolic(?:\s+(?:blood\s+pressure|bp|pressure))?$|^(?:blood\s+pressure|bp),?\s+diastolic$|^dbp$/,
    'diastolic',
  ],
  [/^(?:blood\s+pressure|bp|b\/p|nibp|abp)$/, 'blood_pressure'],
  [
    /^(?:spo2|sao2|sp\s?o2|o2\s+sat(?:uration)?s?|oxygen\s+saturation.*|pulse\s+ox(?:imetry)?|o2\s+saturation|sats?)$/,
    'oxygen_saturation',
  ],
  [
    /^(?:heart\s+rate|hr|pulse(?:\s+rate)?|apical\s+pulse|radial\s+pulse|heart\s+rate\s*\/\s*pulse|p)$/,
    'heart_rate',
  ],
  [
    /^(?:respiratory\s+rate|resp(?:iratory)?(?:\s+rate)?|respirations?|rr|r|breathing\s+rate)$/,
    'respiratory_rate',
  ],
  [/^(?:temp(?:erature)?|t|tmax|tm)$/, 'temperature'],
  [/^(?:weight|wt)$/, 'weight'],
  [/^(?:height|ht|length|height\s*\/\s*length|stature)$/, 'height'],
  [/^(?:bmi|(?:body\s+)?mass\s+index)$/, 'bmi'],
];

/** A unit printed inside a label: "Weight (kg)", "Temp (F)", "[90-140 mmHg]". */
export function unitHint(label: string): string | undefined {
  const m =
    /[([]\s*(?:[\d.\s-]*)(kg|lbs?|cm|in|inches|°?\s?[fc]|mm\s?hg|bpm|%|kg\/m2)\s*[)\]]/i.exec(
      label,
    );
  return m?.[1];
}

/** The vital a whole label names, or undefined ("Head Circumference", "Mean Arterial Pressure"). */
export function vitalLabel(text: string): VitalPart | undefined {
  const label = text
    .toLowerCase()
    .replace(/\[[^\]]*\]|\([^)]*\)/g, ' ')
    .replace(QUALIFIERS, ' ')
    .replace(/[:.*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (label === '' || label.length > 60) return undefined;
  for (const [re, part] of LABELS) if (re.test(label)) return part;
  return undefined;
}

/** UCUM unit and plausible range for a printed unit of a kind. */
interface Reading {
  readonly unit: string | null;
  readonly value: number;
}

const RANGES: Record<string, readonly [number, number]> = {
  systolic: [50, 300],
  diastolic: [20, 200],
  heart_rate: [20, 300],
  respiratory_rate: [4, 80],
  Cel: [25, 45],
  '[degF]': [77, 113],
  kg: [0.3, 500],
  '[lb_av]': [0.5, 1100],
  'weight?': [0.3, 1100],
  cm: [20, 250],
  '[in_i]': [8, 100],
  'height?': [8, 250],
  bmi: [8, 100],
  oxygen_saturation: [50, 100],
};

function within(key: string, value: number): boolean {
  const range = RANGES[key];
  return range !== undefined && value >= range[0] && value <= range[1];
}

/**
 * The UCUM reading of a printed value and unit for a kind, or undefined when the value is not
 * plausible for that kind (HR 700, a temperature of 300) or the unit belongs to another kind.
 */
export function reading(
  part: VitalPart,
  value: number,
  printed: string | undefined,
): Reading | undefined {
  const unit = (printed ?? '').toLowerCase().replace(/[\s[\]_]/g, '');
  switch (part) {
    case 'systolic':
    case 'diastolic':
    case 'blood_pressure':
      if (unit !== '' && !/^mm\.?hg$/.test(unit)) return undefined;
      return within(part === 'diastolic' ? 'diastolic' : 'systolic', value)
        ? { unit: 'mm[Hg]', value }
        : undefined;
    case 'heart_rate':
    case 'respiratory_rate':
      if (
        unit !== '' &&
        !/^(?:bpm|\/min|\/minute|beats?\/min|breaths?\/min|permin|rpm|min)$/.test(unit)
      )
        return undefined;
      return within(part, value) ? { unit: '/min', value } : undefined;
    case 'temperature': {
      const c = /^(?:°?c|degc|cel|celsius|degreesc|degreescelsius)$/.test(unit);
      const f = /^(?:°?f|degf|fahrenheit|degreesf|degreesfahrenheit)$/.test(unit);
      if (unit !== '' && !c && !f && !/^(?:°|deg|degrees)$/.test(unit)) return undefined;
      const ucum = c ? 'Cel' : f ? '[degF]' : value > 50 ? '[degF]' : 'Cel';
      return within(ucum, value) ? { unit: ucum, value } : undefined;
    }
    case 'weight': {
      const ucum = /^(?:kg|kgs|kilograms?)$/.test(unit)
        ? 'kg'
        : /^(?:lbs?|pounds?|lbav|#)$/.test(unit)
          ? '[lb_av]'
          : unit === ''
            ? null
            : undefined;
      if (ucum === undefined) return undefined;
      return within(ucum ?? 'weight?', value) ? { unit: ucum, value } : undefined;
    }
    case 'height': {
      if (/^(?:m|meters?|metres?)$/.test(unit))
        return within('cm', value * 100)
          ? { unit: 'cm', value: Math.round(value * 1000) / 10 }
          : undefined;
      const ucum = /^(?:cm|centimeters?|centimetres?)$/.test(unit)
        ? 'cm'
        : /^(?:in|inch|inches|ini|inus|"|'')$/.test(unit)
          ? '[in_i]'
          : unit === ''
            ? null
            : undefined;
      if (ucum === undefined) return undefined;
      return within(ucum ?? 'height?', value) ? { unit: ucum, value } : undefined;
    }
    case 'bmi':
      if (unit !== '' && !/^(?:kg\/m2|kg\/m\^2|kg\/m²|m2)$/.test(unit)) return undefined;
      return within('bmi', value) ? { unit: 'kg/m2', value } : undefined;
    case 'oxygen_saturation':
      if (unit !== '' && unit !== '%') return undefined;
      return within(part, value) ? { unit: '%', value } : undefined;
  }
}

/** Units as printed after a vital's value. */
export const VITAL_UNIT = String.raw`(?:mm\s?\[?hg\]?|mmhg|bpm|beats?\s*\/\s*min(?:ute)?|breaths?\s*\/\s*min(?:ute)?|\/\s*min(?:ute)?|%|°\s?[fc]|degrees?\s+(?:[fc]|fahrenheit|celsius)\b|deg\s?[fc]\b|degrees\b|°|[fc]\b|kg\/m2|kg\/m\^2|kgs?\b|kilograms?\b|lbs?\b|pounds?\b|\[lb_av\]|cm\b|centimeters?\b|inches\b|inch\b|in\b|\[in_(?:i|us)\]|m2\b|meters?\b|m\b)`;
