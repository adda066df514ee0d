import type { Block } from '@aws-sdk/client-textract';
import type { TextCell, TextLine } from '../extractor.port.js';
import {
  boxOf,
  boxesOf,
  meanConfidence,
  union,
  wordsText,
  type BlockIndex,
  type PageFrame,
} from './block-index.js';
import type { StructuredLines } from './table-rows.mapper.js';

/**
 * Each KEY of the page's KEY_VALUE_SETs, with its VALUE, as one line `key   value` of two cells.
 * A pair whose words a table already took is left to the table.
 */
export function formFields(
  index: BlockIndex,
  sets: readonly Block[],
  frame: PageFrame,
  taken: ReadonlySet<string>,
): StructuredLines {
  const lines: TextLine[] = [];
  const words = new Set<string>();
  for (const key of sets.filter((set) => set.EntityTypes?.includes('KEY') === true)) {
    const keyWords = index.words(key);
    const values = index.related(key, 'VALUE', 'KEY_VALUE_SET');
    const valueWords = values.flatMap((value) => index.words(value));
    const all = [...keyWords, ...valueWords];
    if (all.some((word) => word.Id !== undefined && taken.has(word.Id))) continue;
    const keyText = wordsText(keyWords);
    const keyBox = boxOf(key, frame);
    if (keyText === '' || keyBox === undefined) continue;
    const cells: TextCell[] = [{ text: keyText, x0: keyBox[0], x1: keyBox[2] }];
    const boxes = [keyBox];
    const valueText = wordsText(valueWords);
    const valueBox = union(boxesOf(values, frame));
    if (valueText !== '' && valueBox !== undefined) {
      cells.push({ text: valueText, x0: valueBox[0], x1: valueBox[2] });
      boxes.push(valueBox);
    }
    for (const word of all) if (word.Id !== undefined) words.add(word.Id);
    lines.push({
      text: cells.map((cell) => cell.text).join('   '),
      bbox: union(boxes) ?? keyBox,
      confidence: meanConfidence(all),
      cells,
    });
  }
  return { lines, words };
}
