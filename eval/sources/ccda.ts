import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { VitalKind } from '../../src/domain/result.js';
import { PageWriter, renderPdf, type Cell } from '../render/pdf.js';
import type { ScopedGold } from '../score/sections.js';
import type { EvalDocument, GoldLab, GoldPhi, GoldVital } from '../types.js';
import { parseNarrative, type Block } from './ccda-narrative.js';

interface Coded {
  readonly code?: string | null;
  readonly codeSystem?: string | null;
  readonly displayName?: string | null;
}
interface Valued {
  readonly code?: Coded | null;
  readonly value?:
    | readonly {
        type?: string;
        value?: string;
        unit?: string | null;
        displayName?: string;
        code?: string;
        codeSystem?: string;
      }[]
    | null;
  readonly effectiveTime?: string | null;
}
interface CcdaTruth {
  readonly patient_phi?: {
    readonly ids?: readonly { readonly extension?: string }[];
    readonly name?: string;
    readonly birthTime?: string;
    readonly addr?: string;
  } | null;
  readonly labs?: readonly Valued[] | null;
  readonly vitals?: readonly Valued[] | null;
  readonly medications?: readonly { readonly drug?: Coded | null }[] | null;
  readonly problems?: readonly Valued[] | null;
}

const LOINC = '2.16.840.1.113883.6.1';
/** Vital-sign LOINC codes and the result's vital kinds (systolic and diastolic pair up). */
const VITAL_KINDS: Readonly<Record<string, VitalKind | 'systolic' | 'diastolic'>> = {
  '8480-6': 'systolic',
  '8462-4': 'diastolic',
  '8867-4': 'heart_rate',
  '8310-5': 'temperature',
  '8302-2': 'height',
  '8306-3': 'height',
  '3141-9': 'weight',
  '29463-7': 'weight',
  '39156-5': 'bmi',
  '2710-2': 'oxygen_saturation',
  '59408-5': 'oxygen_saturation',
  '9279-1': 'respiratory_rate',
};
/** Units that mean "no unit" in these exports. */
const NO_UNIT = new Set(['', '1', 'NA']);

const numeric = (text: string | undefined) =>
  text !== undefined && /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : undefined;
/** Distinct names; a display with no letter ("????", as some exports write) names nothing. */
const distinct = (names: readonly (string | null | undefined)[]) => [
  ...new Map(
    names
      .filter((n): n is string => typeof n === 'string' && /[a-z]/i.test(n))
      .map((n) => [n.toLowerCase(), n.trim()]),
  ).values(),
];

const SNOMED = '2.16.840.1.113883.6.96';

/** Distinct problem names, each with its SNOMED code when the source coded it. */
function conditionTruth(truth: CcdaTruth): {
  conditions: string[];
  conditionCodes: (string | undefined)[];
} {
  const values = (truth.problems ?? []).flatMap((p) => p.value?.[0] ?? []);
  const conditions = distinct(values.map((v) => v.displayName));
  const codeOf = (name: string) => {
    const v = values.find(
      (x) => x.displayName?.trim().toLowerCase() === name.toLowerCase() && x.codeSystem === SNOMED,
    );
    return v?.code ?? undefined;
  };
  return { conditions, conditionCodes: conditions.map(codeOf) };
}

/** Numeric (PQ) results only: coded and string results are not scored as (test, value, unit). */
function goldLabs(truth: CcdaTruth): GoldLab[] {
  return (truth.labs ?? []).flatMap((lab) => {
    const v = lab.value?.[0];
    const value = v?.type === 'PQ' ? numeric(v.value) : undefined;
    if (value === undefined) return [];
    const unit = v?.unit ?? '';
    return [
      {
        name: lab.code?.displayName ?? '',
        ...(lab.code?.codeSystem === LOINC && lab.code.code ? { loinc: lab.code.code } : {}),
        value,
        units: [NO_UNIT.has(unit) ? '' : unit],
      },
    ];
  });
}

function goldVitals(truth: CcdaTruth): GoldVital[] {
  const out: GoldVital[] = [];
  const pressures = new Map<string, { systolic?: number; diastolic?: number }>();
  for (const vital of truth.vitals ?? []) {
    const kind = VITAL_KINDS[vital.code?.code ?? ''];
    const v = vital.value?.[0];
    const value = numeric(v?.value);
    if (kind === undefined || value === undefined) continue;
    if (kind === 'systolic' || kind === 'diastolic') {
      const key = vital.effectiveTime ?? '';
      pressures.set(key, { ...pressures.get(key), [kind]: value });
    } else out.push({ kind, value, ...(v?.unit ? { unit: v.unit } : {}) });
  }
  for (const { systolic, diastolic } of pressures.values())
    if (systolic !== undefined && diastolic !== undefined)
      out.push({ kind: 'blood_pressure', systolic, diastolic, unit: 'mm[Hg]' });
  return out;
}

/** The header a viewer shows above the narrative: name, birth date, record number, address. */
function header(truth: CcdaTruth): { lines: string[]; phi: GoldPhi[] } {
  const p = truth.patient_phi ?? {};
  const lines: string[] = [];
  const phi: GoldPhi[] = [];
  const add = (label: string, kind: GoldPhi['kind'], text: string | undefined) => {
    if (text === undefined || text.trim() === '') return;
    lines.push(`${label}: ${text}`);
    phi.push({ kind, text, page: 1 });
  };
  add('Patient', 'name', p.name);
  const birth = p.birthTime?.match(/^(\d{4})(\d{2})(\d{2})/);
  add(
    'Date of birth',
    'date',
    birth === null || birth === undefined ? undefined : `${birth[2]}/${birth[3]}/${birth[1]}`,
  );
  add('MRN', 'identifier', p.ids?.find((i) => (i.extension ?? '').length >= 4)?.extension);
  add('Address', 'address', p.addr);
  return { lines, phi };
}

/**
 * Columns at fixed x positions: each at least as wide as its longest word (so codes and numbers
 * do not break), the rest of the width shared by how much text each column holds.
 */
function tableColumns(
  w: PageWriter,
  rows: readonly (readonly string[])[],
  count: number,
  size: number,
): Cell[] {
  // Wide gutters, as printed tables have: the text layer splits cells at column-sized gaps.
  const pad = 12;
  w.doc.font('Helvetica-Bold').fontSize(size);
  const measure = (text: string) => w.doc.widthOfString(text) + pad;
  const least: number[] = [];
  const wanted: number[] = [];
  for (let i = 0; i < count; i++) {
    const cells = rows.map((r) => r[i] ?? '');
    least.push(Math.min(110, Math.max(20, ...cells.flatMap((c) => c.split(' ').map(measure)))));
    wanted.push(Math.min(240, Math.max(20, ...cells.map(measure))));
  }
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const spare = w.width - sum(least);
  const extra = sum(wanted) - sum(least);
  const widths =
    spare <= 0
      ? least.map((l) => (l * w.width) / sum(least))
      : least.map(
          (l, i) => l + (extra > 0 ? (spare * ((wanted[i] ?? l) - l)) / extra : spare / count),
        );
  let x = w.left;
  return widths.map((width) => {
    const cell = { text: '', x, width: width - pad };
    x += width;
    return cell;
  });
}

const printedTitle = (title: string) => (title === '' ? 'Section' : title);

function drawBlock(w: PageWriter, block: Block): void {
  switch (block.kind) {
    case 'heading':
      w.text(block.text, { font: 'Helvetica-Bold', size: 9 });
      return;
    case 'paragraph':
      w.text(block.text, { size: 9 });
      return;
    case 'item':
      w.text(`- ${block.text}`, { size: 9, x: w.left + 8 });
      return;
    case 'table': {
      const count = Math.max(...block.rows.map((r) => r.length));
      const size = count > 6 ? 7 : 8;
      const cols = tableColumns(w, block.rows, count, size);
      block.rows.forEach((row, r) => {
        const font = r < block.headerRows ? 'Helvetica-Bold' : 'Helvetica';
        w.row(
          cols.map((col, i) => ({ ...col, text: row[i] ?? '', font })),
          { size, gap: 3 },
        );
      });
      w.space(4);
      return;
    }
  }
}

export async function ccdaDocuments(dir: string): Promise<EvalDocument[]> {
  const truthDir = join(dir, 'ground-truth');
  const files = (await readdir(truthDir)).filter((f) => f.endsWith('.gt.json')).sort();
  const documents: EvalDocument[] = [];
  for (const [index, file] of files.entries()) {
    const truth = JSON.parse(await readFile(join(truthDir, file), 'utf8')) as CcdaTruth;
    // A ground-truth file is named after the XML's path, with "/" written as "__".
    const path = join(dir, ...file.replace(/\.gt\.json$/, '').split('__'));
    // File names hold patient names (canaries): failures name the anonymous document only.
    const xml = await readFile(path, 'utf8').catch(() => {
      throw new Error(`ccda#${index + 1}: the C-CDA document cannot be read`);
    });
    const narrative = parseNarrative(xml);
    const head = header(truth);
    const bytes = await renderPdf((doc) => {
      const w = new PageWriter(doc);
      w.text(narrative.title === '' ? 'Clinical Summary' : narrative.title, {
        font: 'Helvetica-Bold',
        size: 13,
      });
      for (const line of head.lines) w.text(line, { size: 9 });
      for (const section of narrative.sections) {
        if (section.blocks.length === 0) continue;
        w.space(8);
        w.ensure(30);
        w.text(printedTitle(section.title), {
          font: 'Helvetica-Bold',
          size: 11,
        });
        for (const block of section.blocks) drawBlock(w, block);
      }
    });
    // A document whose sections all have an empty narrative prints only its header: its coded
    // entries are on no page, so only the header's PHI is scored.
    const shown = narrative.sections.flatMap((s, i) =>
      s.blocks.length === 0 ? [] : [{ title: printedTitle(s.title), index: i }],
    );
    const printed = shown.length > 0;
    const labs = printed ? goldLabs(truth) : [];
    const gold: ScopedGold = {
      ...(labs.length > 0 ? { labs, labNames: 'loose' as const } : {}),
      ...(printed
        ? {
            medications: distinct((truth.medications ?? []).map((m) => m.drug?.displayName)),
            ...conditionTruth(truth),
            vitals: goldVitals(truth),
            // The conditions truth is the problem observations: only the sections holding
            // them can show whether a predicted condition is right.
            conditionScope: {
              titles: shown.map((s) => s.title),
              scored: shown.map((s) => narrative.problemSections.has(s.index)),
            },
          }
        : {}),
      phi: head.phi,
    };
    documents.push({
      id: `ccda#${index + 1}`,
      source: 'ccda',
      bytes,
      mediaType: 'application/pdf',
      gold,
    });
  }
  return documents;
}
