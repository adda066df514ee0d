import type { Block } from '@aws-sdk/client-textract';
import type { TextCell, TextLine } from '../extractor.port.js';
import {
  boxOf,
  boxesOf,
  meanConfidence,
  union,
  wordsText,
  type BlockIndex,
  type Box,
  type PageFrame,
} from './block-index.js';

/** Lines made from structure (tables, form fields), and the WORD ids they took. */
export interface StructuredLines {
  readonly lines: TextLine[];
  readonly words: Set<string>;
}

/**
 * A TABLE as one line per row whose cells are the row's non-empty CELLs in column order, so a
 * lab table reads as name | value | unit | range. A merged cell's words sit in its first CELL.
 */
export function tableRows(index: BlockIndex, table: Block, frame: PageFrame): StructuredLines {
  const rows = new Map<number, Block[]>();
  for (const cell of index.related(table, 'CHILD', 'CELL')) {
    const row = cell.RowIndex ?? 0;
    rows.set(row, [...(rows.get(row) ?? []), cell]);
  }
  const lines: TextLine[] = [];
  const words = new Set<string>();
  for (const [, cells] of [...rows].sort(([a], [b]) => a - b)) {
    const rowWords: Block[] = [];
    const textCells: TextCell[] = [];
    const boxes: Box[] = [];
    for (const cell of cells.sort((a, b) => (a.ColumnIndex ?? 0) - (b.ColumnIndex ?? 0))) {
      const cellWords = index.words(cell);
      for (const word of cellWords) if (word.Id !== undefined) words.add(word.Id);
      const text = wordsText(cellWords);
      const box = boxOf(cell, frame) ?? union(boxesOf(cellWords, frame));
      if (text === '' || box === undefined) continue;
      rowWords.push(...cellWords);
      textCells.push({ text, x0: box[0], x1: box[2] });
      boxes.push(box);
    }
    const bbox = union(boxes);
    if (bbox === undefined) continue;
    lines.push({
      text: textCells.map((cell) => cell.text).join('   '),
      bbox,
      confidence: meanConfidence(rowWords),
      cells: textCells,
    });
  }
  return { lines, words };
}
