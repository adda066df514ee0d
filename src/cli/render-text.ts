import type { AnalysisResult } from '../domain/result.js';

/** A human-readable rendering of a result for the terminal. */
export function renderText(result: AnalysisResult): string {
  const out: string[] = [result.summary.headline, ''];
  if (result.labs.length > 0) {
    const rows = result.labs.map((lab) => [
      lab.name,
      [lab.valueText, lab.unit].filter(Boolean).join(' '),
      lab.referenceRange?.text ?? '',
      lab.flag === null || lab.flag === 'normal' ? '' : lab.flag.toUpperCase(),
    ]);
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    for (const row of rows)
      out.push(
        '  ' +
          row
            .map((cell, i) => cell.padEnd(widths[i] ?? 0))
            .join('  ')
            .trimEnd(),
      );
    out.push('');
  }
  for (const item of result.summary.items) out.push(`- ${item.text}`);
  if (result.summary.items.length > 0) out.push('');
  for (const warning of result.warnings) out.push(`Note: ${warning}`);
  out.push(result.summary.disclaimer);
  return out.join('\n') + '\n';
}
