import type { SourceLine } from '../source-lines.js';
import type { OutboundLine } from './assistant.port.js';

const fold = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The lines a provider was shown, by page and line, with both the text it saw and the original:
 * a proposal is kept only when what it claims is printed on the line it cites.
 */
export class GroundTruth {
  readonly #sent = new Map<string, { original: SourceLine; seen: string }>();

  constructor(lines: readonly SourceLine[], outbound: readonly OutboundLine[]) {
    const byKey = new Map(lines.map((line) => [`${line.page}:${line.line}`, line]));
    for (const line of outbound) {
      const original = byKey.get(`${line.page}:${line.line}`);
      if (original !== undefined)
        this.#sent.set(`${line.page}:${line.line}`, { original, seen: fold(line.text) });
    }
  }

  /** The original line, when it was sent to the provider. */
  line(page: number, line: number): SourceLine | undefined {
    return this.#sent.get(`${page}:${line}`)?.original;
  }

  /**
   * Whether `text` is printed on the line as the provider saw it (case and spacing aside). Text
   * inside a redacted span is not there, so a guess at a placeholder's content never counts.
   */
  prints(page: number, line: number, text: string | undefined): boolean {
    const sent = this.#sent.get(`${page}:${line}`);
    const wanted = fold(text ?? '');
    return (
      sent !== undefined &&
      wanted !== '' &&
      !/\[[A-Z]+\]/.test(wanted.toUpperCase()) &&
      sent.seen.includes(wanted)
    );
  }
}

/** Names compared loosely: case, punctuation and spacing aside, one containing the other. */
export function sameName(a: string, b: string): boolean {
  const x = a
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  const y = b
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return x !== '' && y !== '' && (x === y || x.includes(y) || y.includes(x));
}
