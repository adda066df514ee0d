import type { OutboundLine } from '../assist/assistant.port.js';

/**
 * Size of one request's text. DetectEntitiesV2 takes under 20,000 UTF-8 bytes; InferRxNorm and
 * InferICD10CM under 10,000 characters. One chunk is sent to all three, so it keeps under both,
 * with a margin (characters are counted as UTF-16 units, never fewer than the service counts).
 */
export const CHUNK_LIMITS = { maxBytes: 19_000, maxChars: 9_500 } as const;

/** Largest text of one request, in UTF-8 bytes and in UTF-16 units. */
export interface ChunkLimits {
  readonly maxBytes: number;
  readonly maxChars: number;
}

/** Where a line of the document sits in a chunk's text. */
interface Placed {
  readonly page: number;
  readonly line: number;
  /** Offset of the line's first character in the chunk's text (UTF-16 units). */
  readonly start: number;
}

/** The text of one request: whole lines joined by '\n', and where each line begins. */
export interface TextChunk {
  readonly text: string;
  readonly lines: readonly Placed[];
}

/**
 * Packs the lines, in order, into as few chunks as the limits allow. A line is never split
 * between chunks; a single line over the limits is cut at them (its tail is not sent).
 */
export function chunkLines(
  lines: readonly OutboundLine[],
  limits: ChunkLimits = CHUNK_LIMITS,
): TextChunk[] {
  const chunks: TextChunk[] = [];
  let texts: string[] = [];
  let placed: Placed[] = [];
  let bytes = 0;
  let chars = 0;
  const flush = () => {
    if (texts.length > 0) chunks.push({ text: texts.join('\n'), lines: placed });
    texts = [];
    placed = [];
    bytes = 0;
    chars = 0;
  };
  for (const line of lines) {
    const text = cut(line.text, limits);
    if (text.trim() === '') continue;
    const size = Buffer.byteLength(text, 'utf8');
    if (
      texts.length > 0 &&
      (bytes + 1 + size > limits.maxBytes || chars + 1 + text.length > limits.maxChars)
    )
      flush();
    const separator = texts.length > 0 ? 1 : 0;
    placed.push({ page: line.page, line: line.line, start: chars + separator });
    texts.push(text);
    bytes += separator + size;
    chars += separator + text.length;
  }
  flush();
  return chunks;
}

/** The longest head of `text` within the limits, never ending inside a surrogate pair. */
function cut(text: string, limits: ChunkLimits): string {
  if (text.length <= limits.maxChars && Buffer.byteLength(text, 'utf8') <= limits.maxBytes)
    return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (end + char.length > limits.maxChars || bytes + size > limits.maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** The page and line of the character at `offset` (UTF-16 units) of the chunk's text. */
export function locate(chunk: TextChunk, offset: number): { page: number; line: number } {
  let low = 0;
  let high = chunk.lines.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((chunk.lines[middle]?.start ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  const found = chunk.lines[low];
  if (found === undefined) throw new RangeError('empty chunk');
  return { page: found.page, line: found.line };
}

/**
 * The entity's span in UTF-16 units. The service's offsets count characters; where the text has
 * characters outside the BMP, code points and UTF-16 units differ, so the reading whose slice
 * equals the entity's text wins (UTF-16 when neither does).
 */
export function resolveSpan(
  chunk: TextChunk,
  begin: number,
  end: number,
  text: string,
): { begin: number; end: number } {
  if (chunk.text.slice(begin, end) === text || !/[\uD800-\uDBFF]/.test(chunk.text))
    return { begin, end };
  const units: number[] = [];
  let at = 0;
  for (const char of chunk.text) {
    units.push(at);
    at += char.length;
  }
  units.push(at);
  const from = units[begin];
  const to = units[end];
  if (from !== undefined && to !== undefined && chunk.text.slice(from, to) === text)
    return { begin: from, end: to };
  return { begin, end };
}
