import type { TextCell } from '../../extract/extractor.port.js';

/**
 * Column lookup for tables whose header row names the columns. A column runs from its header's
 * start to the next header's start; a cell belongs to the column its left edge falls in, with a
 * tolerance of half the header's width for values centred or right-aligned under a header.
 */
export interface Column {
  readonly label: string;
  readonly x0: number;
  readonly x1: number;
}

export function columnIndex(cell: TextCell, columns: readonly Column[]): number {
  let index = -1;
  columns.forEach((column, i) => {
    const tolerance = 0.5 * (column.x1 - column.x0);
    if (cell.x0 >= column.x0 - tolerance) index = i;
  });
  return index;
}

/** The first cell that falls in column `i`. */
export function cellInColumn(
  cells: readonly TextCell[],
  columns: readonly Column[],
  i: number,
): TextCell | undefined {
  return cells.find((cell) => columnIndex(cell, columns) === i);
}
