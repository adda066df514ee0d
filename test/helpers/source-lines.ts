import type { SourceLine } from '../../src/pipeline/interpret/source-lines.js';

type Row = string | readonly (readonly [text: string, x0: number])[];

/**
 * Lines as the interpreters read them, numbered from 1 on page 1: a string is one cell of text,
 * an array gives positioned cells (text, left edge) of a table row.
 */
export function doc(...rows: Row[]): SourceLine[] {
  return rows.map((row, i) => {
    const cells =
      typeof row === 'string'
        ? [{ text: row, x0: 40, x1: 40 + 5 * row.length }]
        : row.map(([text, x0]) => ({ text, x0, x1: x0 + 5 * text.length }));
    return {
      page: 1,
      line: i + 1,
      text: cells.map((c) => c.text).join('   '),
      cells,
      confidence: 1,
    };
  });
}

/** Table rows of cells in evenly spaced columns, as the layout step produces them for a page. */
export function tableLines(rows: readonly (readonly string[])[], pageNumber = 1): SourceLine[] {
  return rows.map((cells, index) => ({
    page: pageNumber,
    line: index + 1,
    text: cells.join('   '),
    cells: cells.map((text, column) => ({ text, x0: column * 120, x1: column * 120 + 100 })),
    confidence: 1,
  }));
}

/** The one item of a list; fails the test when there is not exactly one. */
export function only<T>(items: readonly T[]): T {
  if (items.length !== 1) throw new Error(`expected exactly one item, got ${items.length}`);
  return items[0] as T;
}
