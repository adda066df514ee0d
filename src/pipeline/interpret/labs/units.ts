import ucum from '@lhncbc/ucum-lhc';

/**
 * Printed lab units: recognising them in a row, and mapping them to UCUM codes. The mapping
 * rewrites the common printed spellings (µ, mcg, cumm, x10^9/L, mEq, IU, lakhs) into UCUM syntax
 * and keeps the result only when @lhncbc/ucum-lhc validates it, so a unit we cannot map is left
 * without a code rather than given a wrong one.
 */
const PLAIN_UNITS = new Set([
  '%',
  'g',
  'mg',
  'ug',
  'µg',
  'μg',
  'mcg',
  'ng',
  'pg',
  'kg',
  'fl',
  'pl',
  'ml',
  'l',
  'dl',
  'mm',
  'cm',
  's',
  'sec',
  'secs',
  'seconds',
  'min',
  'ratio',
  'index',
  'iu',
  'u',
  'miu',
  'meq',
  'mmol',
  'umol',
  'µmol',
  'nmol',
  'pmol',
  'mosm',
  'copies',
  'titer',
  'titre',
  'cells',
  'lakhs',
  'million',
  'mill',
  'thou',
  'cumm',
  '/hpf',
  '/lpf',
  '/cumm',
  '/ul',
  '/µl',
  '/mm3',
]);
/** Ratios such as g/dL, 10^3/uL, x10^9/L, mL/min/1.73m2, mg/g; at least one letter or %. */
const RATIO_UNIT =
  /^(?=.*[a-zA-Zµμ%])(?:[x×*]?10(?:\^|\*|e|E|\+)?[0-9³⁶⁹]{1,2}\s*)?[a-zA-Zµμ%0-9^*.[\]{}_]*(?:\/[a-zA-Zµμ0-9^*.[\]{}_]+)+$/;
const EXPONENT_UNIT = /^[x×*]?10(?:\^|\*|e|E|\+)[0-9]{1,2}\/?[a-zA-Zµμ]*$/;

export function isUnitToken(token: string): boolean {
  if (token.length > 24) return false;
  const lower = token.toLowerCase();
  return PLAIN_UNITS.has(lower) || RATIO_UNIT.test(token) || EXPONENT_UNIT.test(token);
}

/**
 * OCR reads the caret of `10^3/uL` as 7, M, a quote or a degree sign ("1073/uL", "10M6/uL").
 * No lab unit looks like that otherwise, so the caret is put back.
 */
const MISREAD_POWER = /^([x×]?)10[7M"'’*°]([369])\/([a-zA-Zµμ]{1,4})$/;

/** `10X9cells/L`, `10x3cells/uL`: a power written with a letter x, counting cells. */
const LETTER_POWER = /^10[xX]([369])(?:cells)?\/(L|uL|µL|mm3)$/;

export function repairUnit(token: string): string {
  const lettered = LETTER_POWER.exec(token);
  if (lettered !== null) return `10^${lettered[1] ?? ''}/${lettered[2] ?? ''}`;
  const misread = MISREAD_POWER.exec(token);
  return misread === null ? token : `${misread[1] ?? ''}10^${misread[2] ?? ''}/${misread[3] ?? ''}`;
}

const utils = ucum.UcumLhcUtils.getInstance();
const cache = new Map<string, string | undefined>();

/** The UCUM code for a printed unit, or undefined when it cannot be mapped and validated. */
export function toUcum(printed: string): string | undefined {
  if (cache.has(printed)) return cache.get(printed);
  const candidate = ucumCandidate(printed);
  let code: string | undefined;
  if (candidate !== undefined) {
    const check = utils.validateUnitString(candidate, false);
    code = check.status === 'valid' && check.ucumCode !== null ? check.ucumCode : undefined;
  }
  if (cache.size < 4096) cache.set(printed, code);
  return code;
}

const SUPERSCRIPT: Readonly<Record<string, string>> = { '³': '3', '⁶': '6', '⁹': '9' };
/** Whole-unit spellings that do not follow from the atom rules below. */
const WHOLE: Readonly<Record<string, string>> = {
  'mill/cumm': '10*6/mm3',
  'million/cumm': '10*6/mm3',
  'millions/cumm': '10*6/mm3',
  'mill/mm3': '10*6/mm3',
  'lakhs/cumm': '10*5/mm3',
  'lakh/cumm': '10*5/mm3',
  'thou/cumm': '10*3/mm3',
  'thou/ul': '10*3/uL',
  'thou/mcl': '10*3/uL',
  'k/ul': '10*3/uL',
  'k/µl': '10*3/uL',
  'm/ul': '10*6/uL',
  'm/µl': '10*6/uL',
  'mill/mcl': '10*6/uL',
  'cells/cumm': '/mm3',
  'cells/ul': '/uL',
  'cells/µl': '/uL',
  'cells/mcl': '/uL',
  'mm/hr': 'mm/h',
  'mm/1st hr': 'mm/h',
  'mm/1sthr': 'mm/h',
  sec: 's',
  secs: 's',
  seconds: 's',
  ratio: '{ratio}',
  index: '{index}',
  iu: '[IU]',
  'ml/min/1.73m2': 'mL/min/{1.73_m2}',
  'ml/min/1.73 m2': 'mL/min/{1.73_m2}',
  'ml/min/1.73m²': 'mL/min/{1.73_m2}',
  'ml/min/{1.73_m2}': 'mL/min/{1.73_m2}',
  '/hpf': '/[HPF]',
  '/lpf': '/[LPF]',
  '/cumm': '/mm3',
  cumm: '/mm3',
  mmhg: 'mm[Hg]',
};
/** Atom spellings, matched case-insensitively, mapped to their UCUM form. */
const ATOMS: Readonly<Record<string, string>> = {
  g: 'g',
  mg: 'mg',
  ug: 'ug',
  mcg: 'ug',
  ng: 'ng',
  pg: 'pg',
  kg: 'kg',
  l: 'L',
  dl: 'dL',
  ml: 'mL',
  ul: 'uL',
  mcl: 'uL',
  fl: 'fL',
  pl: 'pL',
  cumm: 'mm3',
  mm3: 'mm3',
  mol: 'mol',
  mmol: 'mmol',
  umol: 'umol',
  nmol: 'nmol',
  pmol: 'pmol',
  meq: 'meq',
  eq: 'eq',
  mosm: 'mosm',
  osm: 'osm',
  u: 'U',
  iu: '[IU]',
  miu: 'm[IU]',
  uiu: 'u[IU]',
  mciu: 'u[IU]',
  ku: 'kU',
  mu: 'mU',
  s: 's',
  min: 'min',
  h: 'h',
  hr: 'h',
  d: 'd',
  mm: 'mm',
  cm: 'cm',
  m2: 'm2',
  '%': '%',
  kg_m2: 'kg/m2',
};

function ucumCandidate(printed: string): string | undefined {
  let text = printed
    .trim()
    .replace(/[µμ]/g, 'u')
    .replace(/10([³⁶⁹])/g, (_, d: string) => `10*${SUPERSCRIPT[d] ?? d}`);
  const whole = WHOLE[text.toLowerCase()];
  if (whole !== undefined) return whole;
  if (/^\{.*\}$|\[/.test(text)) return text; // already UCUM-shaped: let the validator decide
  // x10^9/L, 10^3/uL, 10E3/uL, 10*3/uL → 10*9/L …
  text = text.replace(/^[x×*]?\s*10\s*(?:\^|\*|e|E|\+)\s*(\d{1,2})/, '10*$1');
  const parts = text.split('/');
  const mapped = parts.map((part, index) => {
    if (index === 0 && /^10\*\d{1,2}$/.test(part)) return part;
    if (index === 0 && part === '') return '';
    if (/^\d+(?:\.\d+)?m2$/i.test(part)) return `{${part.replace(/m2$/i, '_m2')}}`;
    const match = /^(10\*\d{1,2})?([a-zA-Z%]+)(\d)?$/.exec(part);
    if (match === null) return undefined;
    const atom = ATOMS[(match[2] ?? '').toLowerCase()];
    if (atom === undefined) return undefined;
    return `${match[1] ?? ''}${atom}${match[3] ?? ''}`;
  });
  if (mapped.some((part) => part === undefined)) return undefined;
  return mapped.join('/');
}
