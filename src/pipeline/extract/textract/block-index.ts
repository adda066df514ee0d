import type { Block, BlockType, RelationshipType } from '@aws-sdk/client-textract';
import { ProviderError } from '../../providers/provider-error.js';

/** What Textract read: every block of the document and its page count. */
export interface TextractAnalysis {
  readonly blocks: readonly Block[];
  readonly pages: number;
}

/** The frame a page's ratios are scaled into (page units, origin top-left). */
export interface PageFrame {
  readonly width: number;
  readonly height: number;
}

export type Box = readonly [x0: number, y0: number, x1: number, y1: number];

/**
 * The blocks of one answer (or of every page of an asynchronous one), checked: an array of
 * objects each naming its type. The SDK does not check shapes, so anything else is ours to refuse.
 */
export function checkedBlocks(value: unknown): Block[] {
  if (value === undefined) return [];
  if (
    !Array.isArray(value) ||
    !value.every(
      (block) =>
        typeof block === 'object' &&
        block !== null &&
        typeof (block as Block).BlockType === 'string',
    )
  )
    throw new ProviderError('textract', 'invalid_response');
  return value as Block[];
}

/** A whole document's answer: it must hold at least one PAGE block. */
export function checkedAnalysis(blocks: readonly Block[], pages: unknown): TextractAnalysis {
  const pageBlocks = blocks.filter((block) => block.BlockType === 'PAGE').length;
  if (pageBlocks === 0) throw new ProviderError('textract', 'invalid_response');
  const declared = typeof pages === 'number' && Number.isInteger(pages) && pages > 0;
  return { blocks, pages: declared ? pages : pageBlocks };
}

/** Blocks by id, with the lookups the mappers need. */
export class BlockIndex {
  readonly #byId = new Map<string, Block>();

  constructor(blocks: readonly Block[]) {
    for (const block of blocks) if (block.Id !== undefined) this.#byId.set(block.Id, block);
  }

  /** The blocks `block` names in its relationships of `relation`, of the given type. */
  related(block: Block, relation: RelationshipType, type: BlockType): Block[] {
    return (block.Relationships ?? [])
      .filter((relationship) => relationship.Type === relation)
      .flatMap((relationship) => relationship.Ids ?? [])
      .map((id) => this.#byId.get(id))
      .filter((found): found is Block => found?.BlockType === type);
  }

  /** The WORD blocks inside `block`. */
  words(block: Block): Block[] {
    return this.related(block, 'CHILD', 'WORD');
  }
}

/** The page a block is on; synchronous answers about a single page may leave it out. */
export function pageOf(block: Block): number {
  return block.Page ?? 1;
}

/** Words joined by single spaces, as Textract's own LINE text is. */
export function wordsText(words: readonly Block[]): string {
  return words
    .map((word) => word.Text?.trim() ?? '')
    .filter((text) => text !== '')
    .join(' ');
}

/** Mean word confidence, 0..1; `fallback` when there are no words. */
export function meanConfidence(words: readonly Block[], fallback = 1): number {
  const values = words.map((word) => word.Confidence).filter((c) => typeof c === 'number');
  if (values.length === 0) return fallback;
  return unit(values.reduce((sum, c) => sum + c, 0) / values.length);
}

/** Textract's 0..100 confidence on our 0..1 scale. */
export function unit(confidence: number | undefined): number {
  if (confidence === undefined || !Number.isFinite(confidence)) return 1;
  return Math.min(1, Math.max(0, confidence / 100));
}

/** A block's bounding box (ratios of the page) in page units; undefined when it has none. */
export function boxOf(block: Block, frame: PageFrame): Box | undefined {
  const box = block.Geometry?.BoundingBox;
  const { Left: left, Top: top, Width: width, Height: height } = box ?? {};
  if (![left, top, width, height].every((n) => typeof n === 'number' && Number.isFinite(n)))
    return undefined;
  const [x, y, w, h] = [left, top, width, height] as [number, number, number, number];
  return [x * frame.width, y * frame.height, (x + w) * frame.width, (y + h) * frame.height];
}

/** The boxes of those `blocks` that have one. */
export function boxesOf(blocks: readonly Block[], frame: PageFrame): Box[] {
  return blocks.map((block) => boxOf(block, frame)).filter((box) => box !== undefined);
}

/** The smallest box holding all of `boxes`. */
export function union(boxes: readonly Box[]): Box | undefined {
  if (boxes.length === 0) return undefined;
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}
