import type { Medication } from '../../../domain/result.js';
import type { TextCell } from '../../extract/extractor.port.js';
import type { SourceLine } from '../source-lines.js';
import { type DrugMention, findDrugMentions, leadingSalt } from './drug-mentions.js';
import { findStrength, isLabValue, parseSig, type Sig } from './medication-sig.js';
import { rxnormFor } from './rxnorm-products.js';
import { type Segment, type SectionKind, segmentLines } from './sections.js';
import { type Column, cellInColumn } from './table-columns.js';

/** Sections whose drug names are not medications the patient takes. */
const SKIP: ReadonlySet<SectionKind> = new Set([
  'allergies',
  'labs',
  'vitals',
  'family',
  'social',
  'immunizations',
]);

/** Header cells of medication tables; the first group names the drug column. */
const NAME_HEADER =
  /^(?:medications?|medication\s+name|drugs?|drug\s+name|product|medicine|name|code\s+description|description|medication\s+\/\s+directions)$/i;
const OTHER_HEADER =
  /^(?:directions|instructions|sig(?:\s+text)?|dose|dosage|strength|form|route|frequency|(?:start|end|stop)\s+date|status|indications?|fill\s+instructions|dates?|details|code|code\s+system|group\s+description|date\s+and\s+time|prescriber|quantity|refills|comments?|notes?)$/i;

/** Prose cues that a named drug is taken ("started on", "continue"). */
const CUE =
  /\b(?:on|started|start|starting|takes?|taking|took|continue[sd]?|continuing|prescribed|given|received|receiving|treated\s+with|use[sd]?|using|increased?|decreased?|switched\s+to|changed\s+to|resume[sd]?|administered|tried|trial\s+of|dose\s+of|course\s+of|placed\s+on|restart(?:ed)?|plus|and)\s+(?:(?:his|her|their|the|a|an|of|oral|iv|low-?dose|high-?dose|daily|home)\s+){0,3}$/i;
/** The drug is not being taken: allergies and negations earlier in the same clause. */
const NOT_TAKEN =
  /(?:allerg\w*|intoleran\w*|reactions?\s+to|sensitiv\w*\s+to|\bno\s+|\bnot\s+(?:on|taking|take)\b[^.;]*|\bdenies\b[^.;]*|\bnever\b[^.;]*|\bstopped\b[^.;]*|\bdiscontinued\b[^.;]*|\bheld\b[^.;]*|\boff\s+(?:of\s+)?)$/i;

/** A list item starts: numbering or a bullet, so a line without one may continue the item above. */
const NEW_ITEM = /^\s*(?:\d{1,2}[.)]|[-•*])\s/;

interface MedTable {
  columns: Column[];
  name: number;
}

/** Confidence reflects where the name was read: a table row beats a list line beats prose. */
function confidence(base: number, line: SourceLine): number {
  return Math.round(base * (0.5 + 0.5 * line.confidence) * 100) / 100;
}

function build(
  mention: DrugMention,
  sig: Sig,
  product: string,
  text: string,
  line: SourceLine,
  base: number,
): Medication {
  const code = rxnormFor(product.slice(0, 200));
  return {
    name: mention.name,
    ...(code === undefined ? {} : { code }),
    ...sig,
    text: text.trim(),
    page: line.page,
    line: line.line,
    confidence: confidence(base, line),
  };
}

/** The sig of a drug in running text ends at the next drug or the end of its sentence. */
function sigSpan(text: string, from: number, to: number): string {
  const span = text.slice(from, to);
  const stop = /[;]|\.\s+(?=[A-Z][a-z])/.exec(span);
  return stop === null ? span : span.slice(0, stop.index);
}

/** Medications named in one line of a list or of prose. */
function fromText(segment: Segment, inList: boolean): Medication[] {
  const text = segment.text;
  const mentions = findDrugMentions(text, inList);
  const out: Medication[] = [];
  const names = new Set<string>();
  mentions.forEach((mention, i) => {
    const next = mentions[i + 1]?.start ?? text.length;
    const sigText = sigSpan(text, mention.end, next);
    const before = text.slice(0, mention.start);
    const clause = before.slice(Math.max(before.lastIndexOf('.'), before.lastIndexOf(';')) + 1);
    if (NOT_TAKEN.test(clause) || isLabValue(sigText)) return;
    if (names.has(mention.name.toLowerCase())) return;
    const sig = parseSig(sigText);
    const strength = findStrength(sigText.slice(0, 40)) !== undefined;
    let base: number;
    if (inList) {
      base = mention.structural ? 0.6 : mention.weak ? 0.7 : 0.9;
    } else {
      if (mention.weak) return;
      const cued = CUE.test(before.slice(-60));
      const dosed = strength || sig.frequency !== undefined;
      if (!cued && !dosed) return;
      base = dosed ? 0.75 : 0.6;
    }
    names.add(mention.name.toLowerCase());
    const itemStart = Math.max(0, before.search(/[^,;:]*$/));
    out.push(
      build(
        mention,
        sig,
        text.slice(itemStart).trimStart(),
        text.slice(mention.start, mention.end) + sigText.replace(/[\s,.]+$/, ''),
        segment.source,
        base,
      ),
    );
  });
  return out;
}

function headerOf(cells: readonly TextCell[]): MedTable | undefined {
  const labels = cells.map((c) => c.text.trim().replace(/:$/, ''));
  const isHeader = (l: string) => NAME_HEADER.test(l) || OTHER_HEADER.test(l);
  if (labels.filter(isHeader).length < 2 || labels.some((l) => !isHeader(l) && l !== ''))
    return undefined;
  // "Medication" beats "Name", which beats "Code Description" and a bare "Description".
  const rank = (l: string) =>
    /^(?:medications?|medication\s+name|drugs?|drug\s+name|product|medicine)/i.test(l)
      ? 3
      : /^name$/i.test(l)
        ? 2
        : /code\s+description/i.test(l)
          ? 1
          : NAME_HEADER.test(l)
            ? 0
            : -1;
  let name = -1;
  labels.forEach((l, i) => {
    if (rank(l) > (name < 0 ? -1 : rank(labels[name] ?? ''))) name = i;
  });
  if (name < 0) return undefined;
  return { columns: cells.map((c) => ({ label: c.text, x0: c.x0, x1: c.x1 })), name };
}

/** One medication per table row: the drug from the name column (or the best cell), sig from the row. */
function fromRow(segment: Segment, table: MedTable | undefined, inList: boolean): Medication[] {
  const cells = segment.source.cells;
  const nameCell = table === undefined ? undefined : cellInColumn(cells, table.columns, table.name);
  const scored = cells
    .map((cell, index) => {
      const mentions = findDrugMentions(
        cell.text,
        inList && (nameCell === undefined || cell === nameCell),
      );
      const first = mentions[0];
      const strength =
        first !== undefined &&
        findStrength(cell.text.slice(first.end, first.end + 40)) !== undefined;
      const score =
        first === undefined
          ? -1
          : (cell === nameCell ? 4 : 0) + (strength ? 2 : 0) + (first.weak ? 0 : 1) - index * 0.01;
      return { cell, first, score, strength };
    })
    .filter((c) => c.first !== undefined)
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (best?.first === undefined) return [];
  const { cell, first } = best;
  if (first.weak && !best.strength && !inList) return [];
  if (!inList && !best.strength) return [];
  if (isLabValue(cell.text.slice(first.end))) return [];
  const rest = cells.filter((c) => c !== cell).map((c) => c.text);
  const sig = parseSig([cell.text.slice(first.end), ...rest].join(' ; '));
  const base = first.structural ? 0.7 : first.weak ? 0.75 : inList ? 0.95 : 0.8;
  return [build(first, sig, cell.text, cell.text, segment.source, base)];
}

/**
 * The salt that a wrapped line carries over from the drug above ("Fluticasone" then "propionate
 * 0.11 MG/ACTUAT"): the line starts with salt words that are not a drug themselves ("Potassium
 * chloride 20 mEq" is a new item) and the name above does not already end with them.
 */
function wrappedSalt(previous: Medication, segment: Segment): string | undefined {
  const salt = leadingSalt(segment.text);
  if (salt === undefined || findDrugMentions(segment.text, false)[0]?.start === 0) return undefined;
  return previous.name.toLowerCase().endsWith(salt.toLowerCase()) ? undefined : salt;
}

/** A wrapped line adds what its item lacked ("... Every 6 hours PRN" under the drug's line). */
function continueItem(previous: Medication, segment: Segment): Medication {
  const sig = parseSig(segment.text);
  const salt = wrappedSalt(previous, segment);
  // "Enalapril Maleate 10 MG /" wrapped before "Hydrochlorothiazide 25 MG": one product.
  const next = /[/-]\s*$/.test(previous.text)
    ? findDrugMentions(segment.text, false)[0]
    : undefined;
  return {
    ...previous,
    ...(salt === undefined
      ? {}
      : { name: `${previous.name} ${salt}`, text: `${previous.text} ${segment.text.trim()}` }),
    ...(next === undefined
      ? {}
      : {
          name: `${previous.name} / ${next.name}`,
          text: `${previous.text} ${segment.text.trim()}`,
        }),
    ...(previous.dose === undefined && sig.dose !== undefined ? { dose: sig.dose } : {}),
    ...(previous.route === undefined && sig.route !== undefined ? { route: sig.route } : {}),
    ...(previous.frequency === undefined && sig.frequency !== undefined
      ? { frequency: sig.frequency }
      : {}),
  };
}

/**
 * A table row with nothing in the first column continues the row above (a wrapped cell, or
 * another coding of the same entry), unless that column holds dates that rows may leave out.
 */
function continuesRow(segment: Segment, table: MedTable | undefined): boolean {
  const first = table?.columns[0];
  if (table === undefined || first === undefined || /date/i.test(first.label)) return false;
  return cellInColumn(segment.source.cells, table.columns, 0) === undefined;
}

/**
 * Medications from a document's lines: rows of medication tables, items of medication lists
 * (numbered, comma-separated or wrapped) and drugs named with a dose or a cue in prose. Allergy,
 * lab, vital-sign, family and social sections are skipped.
 */
export function extractMedications(lines: readonly SourceLine[]): Medication[] {
  const out: Medication[] = [];
  let table: MedTable | undefined;
  let lastLine: SourceLine | undefined;
  for (const segment of segmentLines(lines)) {
    const section = segment.section;
    if (segment.heading) table = undefined;
    if (section !== undefined && SKIP.has(section)) continue;
    const inList = section === 'medications';
    const cellCount = segment.source.cells.length;
    // Inside a table, a one-cell line is a row too (a wrapped cell, or a row with one value).
    const isRow =
      (cellCount >= 2 || (cellCount === 1 && table !== undefined)) &&
      segment.start === 0 &&
      !segment.heading;
    if (isRow) {
      const header = headerOf(segment.source.cells);
      if (header !== undefined) {
        table = header;
        continue;
      }
    }
    const previous = out.at(-1);
    const follows =
      previous !== undefined &&
      lastLine !== undefined &&
      previous.page === segment.source.page &&
      previous.line === lastLine.line;
    lastLine = segment.source;
    if (
      follows &&
      (wrappedSalt(previous, segment) !== undefined || (isRow && continuesRow(segment, table)))
    ) {
      out[out.length - 1] = continueItem(previous, segment);
      continue;
    }
    const found = isRow ? fromRow(segment, table, inList) : fromText(segment, inList);
    if (found.length === 0 && inList && follows && !NEW_ITEM.test(segment.text)) {
      out[out.length - 1] = continueItem(previous, segment);
    }
    out.push(...found);
  }
  return out;
}
