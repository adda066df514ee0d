import type { Condition } from '../../../domain/result.js';
import type { TextCell } from '../../extract/extractor.port.js';
import type { SourceLine } from '../source-lines.js';
import { CONDITIONS, type ConditionEntry, SNOMED_SYSTEM } from './condition-lexicon.js';
import { hypotheticalSpans, introducesWarnings, itemMarker } from './hypothetical.js';
import { isNegated, negatedSpans } from './negation.js';
import { PhraseMatcher, sentenceCase } from './phrase-matcher.js';
import { type Segment, type SectionKind, segmentLines } from './sections.js';
import { type Column, cellInColumn } from './table-columns.js';

/** Sections whose conditions are not the patient's, or are not conditions (reactions, labs). */
const SKIP: ReadonlySet<SectionKind> = new Set([
  'allergies',
  'family',
  'social',
  'medications',
  'labs',
  'vitals',
  'immunizations',
]);
/** Sections that list conditions: an unrecognised item may still be one. */
const LISTS: ReadonlySet<SectionKind> = new Set(['problems', 'history']);

const MATCHER = new PhraseMatcher<ConditionEntry>();
/** Whole phrases, normalised, for cells and list items that are exactly one condition. */
const EXACT = new Map<string, ConditionEntry>();
const norm = (text: string) =>
  text
    .toLowerCase()
    .replace(/\(disorder\)|\(finding\)/g, ' ')
    .replace(/[^a-z0-9']+/g, ' ')
    .trim();
for (const entry of CONDITIONS) {
  for (const phrase of entry.phrases) {
    MATCHER.add(phrase, entry);
    EXACT.set(norm(phrase), entry);
  }
  for (const abbreviation of entry.abbreviations) MATCHER.add(abbreviation, entry, true);
  if (entry.snomed !== undefined) EXACT.set(norm(entry.snomed.display), entry);
}

const HEADER =
  /^(?:problems?|problem\s+name|conditions?|diagnos[ie]s|name|code\s+description|description|group(?:\s+description)?|type|code|code\s+system|(?:effective\s+)?dates?|onset(?:\s+date)?|status|problem\s+status|health\s+status|details|informant|date\s+and\s+time|diagnosis\s+type|clinical\s+service|resolved(?:\s+date)?|comments?|severity|priority)$/i;
/** Column names that hold the condition itself, best first. */
const NAME_COLUMNS = [
  /^(?:problems?|problem\s+name|conditions?|diagnos[ie]s)$/i,
  /^name$/i,
  /^code\s+description$/i,
  /^description$/i,
];

/** Text that is never a condition on its own: statuses, dates, codes, empty phrases. */
const NOT_A_CONDITION =
  /^(?:none|no|n\/a|na|unknown|negative|noncontributory|non-contributory|unremarkable|as above|see above|active|inactive|resolved|chronic|acute|problem|condition|diagnosis|final|confirmed|stable|other|normal|denies|nothing|otherwise|significant|positive)$/i;
/** List items that point elsewhere ("See History of Present Illness", "Other chronic ..."). */
const REFERENCE =
  /^(?:see|refer|other|as|per|please|continue|follow|status|history|none)\b|noted\s+above/i;
/** Providers and places printed in problem tables' other columns. */
const ORGANISATION =
  /\b(?:dr|md|do|rn|np|clinic|hospital|center|centre|practice|group|street|st|ave|suite)\b/i;
/** Placeholders of exports with nothing to say ("Assessment excluded/not available"). */
const PLACEHOLDER =
  /\b(?:not\s+(?:available|documented|recorded|applicable|given|known)|excluded|unavailable)\b/i;
/** A fragment cut off by a wrap ("Extracted from", "... invades through the"). */
const DANGLING = /\b(?:from|of|with|to|in|into|the|a|an|and|or|by|for|at|on|through)$/i;
const VERB =
  /\b(?:is|was|were|are|has|had|have|will|would|did|does|to|on|the patient|she|he|they|we|i)\b/i;
/** A sentence that speaks about relatives: its conditions are theirs. */
const RELATIVE =
  /\b(?:family\s+history|mother|father|sister|brother|grandmother|grandfather|aunt|uncle|cousin|sibling|son|daughter|parents?)\b/i;

interface ProblemTable {
  columns: Column[];
  name: number;
}

/** Codes and qualifiers printed beside a problem: "(493.90, J45.909)", "[40930008]", "(Confirmed)". */
function clean(text: string): string {
  return text
    .replace(
      /\[[^\]]*\]|\((?:[^)]*\d[^)]*|confirmed|suspected|provisional|resolved|active|chronic)\)/gi,
      ' ',
    )
    .replace(/^\s*(?:\d{1,2}[.)]|[-•*])\s*/, '')
    .replace(/[\s,.;:]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function coded(entry: ConditionEntry, printed: string): Condition['code'] {
  const snomed = entry.snomed;
  if (snomed === undefined) return undefined;
  const p = norm(printed);
  if (p !== norm(entry.name) && p !== norm(snomed.display)) return undefined;
  return { system: SNOMED_SYSTEM, code: snomed.code, display: snomed.display };
}

function condition(
  name: string,
  code: Condition['code'],
  negated: boolean,
  text: string,
  line: SourceLine,
  base: number,
): Condition {
  return {
    name,
    ...(code === undefined ? {} : { code }),
    negated,
    text: text.trim().slice(0, 300),
    page: line.page,
    line: line.line,
    confidence: Math.round(base * (0.5 + 0.5 * line.confidence) * 100) / 100,
  };
}

/** Lexicon conditions in running text, with negation and without relatives' conditions. */
function mentions(text: string, line: SourceLine, base: number): Condition[] {
  const spans = negatedSpans(text);
  const hypothetical = hypotheticalSpans(text);
  const out: Condition[] = [];
  const seen = new Set<string>();
  for (const hit of MATCHER.find(text)) {
    if (isNegated(hypothetical, hit.start, hit.end)) continue;
    const before = text.slice(0, hit.start);
    const sentence = before.slice(Math.max(before.lastIndexOf('.'), before.lastIndexOf(';')) + 1);
    if (RELATIVE.test(sentence) || seen.has(hit.value.name)) continue;
    seen.add(hit.value.name);
    const printed = text.slice(hit.start, hit.end);
    const abbreviation = printed === printed.toUpperCase() && printed.length <= 5;
    out.push(
      condition(
        hit.value.name,
        coded(hit.value, printed),
        isNegated(spans, hit.start, hit.end),
        text,
        line,
        abbreviation ? base - 0.1 : base,
      ),
    );
  }
  return out;
}

/** One item of a problem list or one problem-table cell: a known condition, or the item itself. */
function item(text: string, line: SourceLine, listed: boolean, base: number): Condition[] {
  const cleaned = clean(text);
  const exact = EXACT.get(norm(cleaned));
  if (exact !== undefined) {
    return [condition(exact.name, coded(exact, cleaned), false, text, line, base)];
  }
  const found = mentions(cleaned, line, base - 0.05);
  if (found.length > 0 || !listed) return found;
  const words = cleaned.split(/\s+/).filter((w) => w !== '');
  if (
    words.length === 0 ||
    words.length > 10 ||
    !/[a-z]{3}/i.test(cleaned) ||
    NOT_A_CONDITION.test(cleaned) ||
    REFERENCE.test(cleaned) ||
    PLACEHOLDER.test(cleaned) ||
    DANGLING.test(cleaned) ||
    // "Title: Care Plan", "Goal: ...": a labelled field, not a condition's name.
    cleaned.includes(':') ||
    ORGANISATION.test(cleaned) ||
    !/^[A-Z]/.test(cleaned) ||
    VERB.test(cleaned) ||
    /\d{1,2}[-/]\d{1,2}[-/]\d{2,4}/.test(cleaned)
  ) {
    return [];
  }
  const spans = negatedSpans(cleaned);
  const negated = isNegated(spans, cleaned.length - 1, cleaned.length);
  return [condition(sentenceCase(cleaned), undefined, negated, text, line, base - 0.3)];
}

function headerOf(cells: readonly TextCell[]): ProblemTable | undefined {
  const labels = cells.map((c) => c.text.trim().replace(/:$/, ''));
  if (labels.length < 2 || !labels.every((l) => HEADER.test(l))) return undefined;
  for (const column of NAME_COLUMNS) {
    const name = labels.findIndex((l) => column.test(l));
    if (name >= 0)
      return { columns: cells.map((c) => ({ label: c.text, x0: c.x0, x1: c.x1 })), name };
  }
  return undefined;
}

/** A problem-table row: its condition cell (by header column, else the first wordy cell). */
function fromRow(segment: Segment, table: ProblemTable | undefined, listed: boolean): Condition[] {
  const cells = segment.source.cells;
  if (cells.some((c) => /^ICD-?(?:9|10)(?:-CM)?$/i.test(c.text.trim()))) return [];
  if (table !== undefined) {
    const first = table.columns[0];
    const inFirst = cellInColumn(cells, table.columns, 0);
    // An empty first column: another coding of the row above, or a wrapped cell.
    if (first !== undefined && !/date/i.test(first.label) && inFirst === undefined) return [];
    const cell = cellInColumn(cells, table.columns, table.name);
    return cell === undefined ? [] : item(cell.text, segment.source, listed, 0.9);
  }
  // Without a header naming the column, only known conditions are read from a row.
  return mentions(segment.text, segment.source, listed ? 0.8 : 0.6);
}

/** A list line: numbered items, or items separated by commas and semicolons. */
function fromListLine(segment: Segment, afterTable: boolean): Condition[] {
  const text = segment.text;
  const words = text.trim().split(/\s+/).length;
  const numbered = /^\s*(?:\d{1,2}[.)]|[-•*])\s/.test(text);
  // A short line under a table row is most likely a wrapped cell, not a list item.
  if (numbered || (words <= 8 && !VERB.test(text) && !afterTable)) {
    const pieces = numbered ? [text] : text.split(/[,;]/);
    return pieces.flatMap((piece) => item(piece, segment.source, true, 0.85));
  }
  return mentions(text, segment.source, 0.8);
}

/**
 * Conditions from problem lists, diagnoses, assessments and past history (tables, numbered or
 * comma-separated lists), and from prose anywhere else, each with NegEx negation. Allergy,
 * medication, family, social, lab and vital-sign sections are skipped.
 */
/** A heading over reference text: causes and meanings of results, not findings. */
const REFERENCE_SECTION =
  /\b(?:possible|common|other)\s+causes\b|\bcauses\s+of\s+(?:abnormal|high|low|raised|elevated|decreased)\b|\bclinical\s+significance\b|\binterpretation\s+guide\b/i;
/** Sentences that explain a test rather than report a finding. */
const REFERENCE_SENTENCE =
  /\b(?:(?:is|are)\s+used\s+to\s+(?:evaluate|detect|diagnose|screen|monitor|assess)|(?:disorders|diseases|conditions)\s*,?\s+(?:including|such\s+as)|(?:may|can|could)\s+(?:indicate|suggest|be\s+(?:seen|raised|elevated|low|high)\s+in))\b/i;

export function extractConditions(lines: readonly SourceLine[]): Condition[] {
  const out: Condition[] = [];
  let table: ProblemTable | undefined;
  let afterTable = false;
  // The marker of the items under "If you have any of the following:" (null until the first).
  let warnings: string | null | undefined;
  // Reference text printed on reports ("A CBC is used to detect disorders including anemia",
  // "Possible causes of abnormal parameters: …"): conditions named there are not the patient's.
  let reference: 'sentence' | 'section' | undefined;
  for (const segment of segmentLines(lines)) {
    if (segment.heading) {
      table = undefined;
      afterTable = false;
      warnings = undefined;
      if (segment.section !== undefined || reference === 'sentence') reference = undefined;
    }
    const section = segment.section;
    if (section !== undefined && SKIP.has(section)) continue;
    if (REFERENCE_SECTION.test(segment.text)) {
      reference = 'section';
      continue;
    }
    if (reference === 'section') continue;
    if (reference === 'sentence' || REFERENCE_SENTENCE.test(segment.text)) {
      // The sentence goes on to the next line unless this one ends it.
      reference = /[.!?]["')]?\s*$/.test(segment.text) ? undefined : 'sentence';
      continue;
    }
    if (warnings !== undefined) {
      const marker = itemMarker(segment.text);
      if (marker !== undefined && (warnings === null || marker === warnings)) {
        warnings = marker;
        continue;
      }
      warnings = undefined;
    }
    if (introducesWarnings(segment.text)) warnings = null;
    const listed = section !== undefined && LISTS.has(section);
    const cellCount = segment.source.cells.length;
    const isRow =
      (cellCount >= 2 || (cellCount === 1 && table !== undefined)) &&
      segment.start === 0 &&
      !segment.heading;
    if (isRow && cellCount >= 2) {
      const header = headerOf(segment.source.cells);
      if (header !== undefined) {
        table = header;
        continue;
      }
    }
    const found = isRow
      ? fromRow(segment, table, listed)
      : listed
        ? fromListLine(segment, afterTable)
        : mentions(segment.text, segment.source, 0.6);
    afterTable = isRow || (afterTable && cellCount <= 1 && !segment.heading);
    const names = new Set<string>();
    for (const c of found) {
      if (names.has(c.name)) continue;
      names.add(c.name);
      out.push(c);
    }
  }
  return out;
}
