import type { Block } from '@aws-sdk/client-textract';
import type { ExtractedPage, TextLine } from '../extractor.port.js';
import {
  BlockIndex,
  boxOf,
  pageOf,
  unit,
  type PageFrame,
  type TextractAnalysis,
} from './block-index.js';
import { formFields } from './form-fields.mapper.js';
import { tableRows } from './table-rows.mapper.js';

/**
 * Textract's blocks as our pages: each table row and each form field becomes one line with its
 * cells, replacing the LINE blocks whose words they took; the other LINEs stay one cell each;
 * all in reading order. `frameOf` gives each page's size in page units.
 */
export function toPages(
  analysis: TextractAnalysis,
  frameOf: (page: number) => PageFrame,
): ExtractedPage[] {
  const index = new BlockIndex(analysis.blocks);
  const byPage = new Map<number, Block[]>();
  for (const block of analysis.blocks) {
    const page = pageOf(block);
    byPage.set(page, [...(byPage.get(page) ?? []), block]);
  }
  const numbers = analysis.blocks
    .filter((block) => block.BlockType === 'PAGE')
    .map(pageOf)
    .sort((a, b) => a - b);
  return [...new Set(numbers)].map((number) => {
    const frame = frameOf(number);
    const blocks = byPage.get(number) ?? [];
    return { number, ...frame, lines: pageLines(index, blocks, frame) };
  });
}

function pageLines(index: BlockIndex, blocks: readonly Block[], frame: PageFrame): TextLine[] {
  const taken = new Set<string>();
  const structured: TextLine[] = [];
  for (const table of blocks.filter((block) => block.BlockType === 'TABLE')) {
    const rows = tableRows(index, table, frame);
    structured.push(...rows.lines);
    for (const id of rows.words) taken.add(id);
  }
  const sets = blocks.filter((block) => block.BlockType === 'KEY_VALUE_SET');
  const fields = formFields(index, sets, frame, taken);
  structured.push(...fields.lines);
  for (const id of fields.words) taken.add(id);
  const plain = blocks
    .filter((block) => block.BlockType === 'LINE')
    .filter((line) => !mostlyTaken(index.words(line), taken))
    .flatMap((line) => plainLine(line, frame) ?? []);
  return readingOrder([...structured, ...plain]);
}

/** A LINE belongs to a structure when at least half of its words do. */
function mostlyTaken(words: readonly Block[], taken: ReadonlySet<string>): boolean {
  const inside = words.filter((word) => word.Id !== undefined && taken.has(word.Id)).length;
  return words.length > 0 && inside * 2 >= words.length;
}

function plainLine(line: Block, frame: PageFrame): TextLine | undefined {
  const text = line.Text?.trim() ?? '';
  const bbox = boxOf(line, frame);
  if (text === '' || bbox === undefined) return undefined;
  return {
    text,
    bbox,
    confidence: unit(line.Confidence),
    cells: [{ text, x0: bbox[0], x1: bbox[2] }],
  };
}

/**
 * Top to bottom, then left to right: lines whose tops lie within half a line height of the
 * first line of a row are one row, read by their left edge.
 */
function readingOrder(lines: readonly TextLine[]): TextLine[] {
  const byTop = [...lines].sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0]);
  const ordered: TextLine[] = [];
  let row: TextLine[] = [];
  const flush = () => ordered.push(...row.sort((a, b) => a.bbox[0] - b.bbox[0]));
  for (const line of byTop) {
    const first = row[0];
    if (
      first !== undefined &&
      line.bbox[1] >= first.bbox[1] + (first.bbox[3] - first.bbox[1]) / 2
    ) {
      flush();
      row = [];
    }
    row.push(line);
  }
  flush();
  return ordered;
}
