import type { LabResult } from '../../domain/result.js';
import { parseLabRow } from './labs/lab-row.parser.js';

/** Parses one line of plain text as a lab row (no cell boundaries, `.` as the decimal mark). */
export function parseLabLine(text: string, page: number, line = 1): LabResult | undefined {
  return parseLabRow(
    { page, line, text, cells: [{ text, x0: 0, x1: text.length }], confidence: 1 },
    { style: 'dot' },
  );
}
