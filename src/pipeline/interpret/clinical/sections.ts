import type { SourceLine } from '../source-lines.js';

/** What a stretch of a document is about, from its section heading. */
export type SectionKind =
  | 'medications'
  | 'allergies'
  | 'problems'
  | 'history'
  | 'family'
  | 'social'
  | 'vitals'
  | 'labs'
  | 'exam'
  | 'review'
  | 'plan'
  | 'immunizations'
  | 'other';

/** A part of one line that belongs to one section (a line may hold "MEDS: ... ALLERGIES: ..."). */
export interface Segment {
  readonly source: SourceLine;
  /** Offset of `text` in the line's text. */
  readonly start: number;
  readonly text: string;
  readonly section: SectionKind | undefined;
  /** The line starts a section with this heading (its text is what follows the heading). */
  readonly heading: boolean;
}

/** A heading is short: a few words, no digits. */
const SHORT_HEADING = /^[A-Za-z][A-Za-z /&(),'-]{1,60}$/;

/** Keyword rules, in order; a heading is classified by the first rule whose pattern it holds. */
const HEADINGS: readonly (readonly [RegExp, SectionKind])[] = [
  [/allerg|adverse\s+reactions?|intolerances|^nkda$/i, 'allergies'],
  [/family\s+(?:medical\s+)?history|^f\.?h\.?x?$/i, 'family'],
  [/social\s+history|^s\.?h\.?$|^habits$/i, 'social'],
  [
    /^(?:[a-z-]+\s+){0,3}(?:medications?|meds|prescriptions?)(?:\s+(?:list|administered(?:\s+during\s+visit)?|(?:on|at|upon|prior\s+to)\s+(?:admission|discharge|transfer)|at\s+home|reconciliation))?$|^(?:drugs?|drug\s+list|rx)$/i,
    'medications',
  ],
  [/vital\s+signs|^vitals$|^v\/?s$/i, 'vitals'],
  [/diagnos[ie]s|^dx$|^impressions?\b|^assessments?\b|^a\/p$|clinical\s+impression/i, 'problems'],
  [/problems?|^conditions?$|^issues$/i, 'problems'],
  [
    /past\s+medical|medical\s+(?:\(general\)\s+)?history|^p\.?m\.?h\.?x?$|^past\s+history$|past\s+illness/i,
    'history',
  ],
  [
    /^(?:laborator|labs?\b|lab\s+|results$|diagnostic\s+(?:data|results)|pertinent\s+results)/i,
    'labs',
  ],
  [/physical\s+exam|^exam(?:ination)?$|^p\.?e\.?$|^objective/i, 'exam'],
  [/review\s+of\s+systems|^ros$|systems\s+review/i, 'review'],
  [/immuni[sz]ations?|vaccin/i, 'immunizations'],
  [/^(?:plan|plan\s+of\s+care|care\s+plan|recommendations?|disposition|instructions)$/i, 'plan'],
];

/** Words that make up the other headings of notes and C-CDA documents ("Plan of Care"). */
const HEADING_WORDS = new Set(
  (
    'history procedures procedure encounters encounter immunizations immunization results plan care ' +
    'instructions status reason referral visit directives course complaint illness examination ' +
    'systems equipment providers payers goals interventions findings complications subjective ' +
    'objective diet consultations fluids implants specimens specimen drains anesthesia indications ' +
    'description disposition summary studies physical concerns nutrition technique operation ' +
    'impression recommendations comments notes'
  ).split(' '),
);
const CONNECTORS = new Set(
  (
    'of and for to the present past chief advance functional general medical hospital discharge ' +
    'admission surgical planned operative note estimated blood loss taken provided mental health data ' +
    'diagnostic insurance review brief in detail performed postoperative preoperative'
  ).split(' '),
);

function headingKind(phrase: string): SectionKind | undefined {
  const p = phrase.trim().replace(/\s+/g, ' ');
  if (!SHORT_HEADING.test(p) || p.split(' ').length > 7) return undefined;
  for (const [re, kind] of HEADINGS) if (re.test(p)) return kind;
  const ws = p
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w !== '');
  if (
    ws.some((w) => HEADING_WORDS.has(w)) &&
    ws.every((w) => HEADING_WORDS.has(w) || CONNECTORS.has(w))
  ) {
    return 'other';
  }
  return undefined;
}

/** Any other ALL-CAPS heading ends the current section. */
const CAPS_HEADING = /^[A-Z][A-Z0-9 ,&/()'-]{2,60}$/;

/**
 * A heading at a position: a known phrase, or (followed by a colon) an ALL-CAPS phrase. Mid-line
 * headings must be ALL CAPS with a colon, as transcriptions print them ("... daily. ALLERGIES: ...").
 */
const INLINE = /(?:^|(?<=[.;]\s{0,3}|\s{2,}))([A-Z][A-Z /&()'-]{1,60}?)\s*:/g;

function splitLine(
  line: SourceLine,
): { start: number; kind: SectionKind | undefined; end: number }[] {
  const text = line.text;
  const cuts: { start: number; kind: SectionKind | undefined; end: number }[] = [];
  // A whole line (any case, colon optional) that is a known heading: "Medications", "Vital Signs".
  const whole = /^\s*([A-Za-z][A-Za-z /&(),'-]{1,60}?)\s*:?\s*$/.exec(text);
  if (whole?.[1] !== undefined && line.cells.length <= 1) {
    const kind = headingKind(whole[1]);
    if (kind !== undefined) return [{ start: 0, kind, end: text.length }];
    if (CAPS_HEADING.test(whole[1].trim()) && /[A-Z]{3}/.test(whole[1]) && text.includes(':')) {
      return [{ start: 0, kind: 'other', end: text.length }];
    }
  }
  // A heading at the start of the line, any case: "Current medications: aspirin 81 mg daily".
  const lead = /^\s*([A-Za-z][A-Za-z /&'-]{1,50}?)\s*:/.exec(text);
  if (lead?.[1] !== undefined) {
    const kind = headingKind(lead[1]);
    // Mixed-case labels such as "Status:" or "Comments:" are not headings of other sections.
    if (kind !== undefined && kind !== 'other') cuts.push({ start: 0, kind, end: lead[0].length });
  }
  for (const m of text.matchAll(INLINE)) {
    const phrase = m[1] ?? '';
    if (m.index === 0 && cuts.length > 0) continue;
    if (!/[A-Z]{2}/.test(phrase)) continue;
    const kind = headingKind(phrase) ?? (phrase.trim().length >= 4 ? 'other' : undefined);
    if (kind === undefined) continue;
    cuts.push({ start: m.index, kind, end: m.index + m[0].length });
  }
  return cuts;
}

/**
 * Cuts the document into segments, each with the section it belongs to. A section runs from its
 * heading to the next heading; pages do not end it (lists continue over page breaks).
 */
export function segmentLines(lines: readonly SourceLine[]): Segment[] {
  const out: Segment[] = [];
  let current: SectionKind | undefined;
  for (const line of lines) {
    const cuts = splitLine(line);
    const enclosing = current;
    let pos = 0;
    let heading = false;
    for (const cut of cuts) {
      if (cut.start > pos) push(out, line, pos, cut.start, current, heading);
      current = cut.kind;
      heading = true;
      pos = cut.end;
    }
    if (pos < line.text.length || cuts.length === 0) {
      push(out, line, pos, line.text.length, current, heading);
    }
    if (cuts.length > 0 && cuts.every((cut) => labelsCell(line, cut.end))) current = enclosing;
  }
  return out;
}

/**
 * A heading inside a table row with its value in the same cell ("Encounter Diagnosis: Asthma"
 * in an encounters table) labels that cell: the rows after it stay in the enclosing section.
 */
function labelsCell(line: SourceLine, end: number): boolean {
  return line.cells.length >= 2 && /^[^\S\n]{0,2}\S/.test(line.text.slice(end));
}

function push(
  out: Segment[],
  source: SourceLine,
  start: number,
  end: number,
  section: SectionKind | undefined,
  heading: boolean,
): void {
  const text = source.text.slice(start, end);
  if (text.trim() === '' && !heading) return;
  out.push({ source, start, text, section, heading });
}
