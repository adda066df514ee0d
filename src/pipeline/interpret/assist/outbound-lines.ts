import type { PhiSpan } from '../../../domain/result.js';
import { redact } from '../phi/redact.js';
import type { SourceLine } from '../source-lines.js';
import type { OutboundLine } from './assistant.port.js';

/**
 * The lines a provider may see: with minimisation on, every PHI span the detector found is
 * replaced by its placeholder, so names, record numbers, addresses, phones and dates of the
 * patient never leave the process. Blank lines are left out (they cost tokens and say nothing).
 */
export function outboundLines(
  lines: readonly SourceLine[],
  phi: readonly PhiSpan[],
  minimise: boolean,
): OutboundLine[] {
  const byLine = new Map<string, PhiSpan[]>();
  for (const span of phi) {
    const key = `${span.page}:${span.line}`;
    byLine.set(key, [...(byLine.get(key) ?? []), span]);
  }
  return lines
    .map((line) => ({
      page: line.page,
      line: line.line,
      text: minimise ? redact(line.text, byLine.get(`${line.page}:${line.line}`) ?? []) : line.text,
    }))
    .filter((line) => line.text.trim() !== '');
}
