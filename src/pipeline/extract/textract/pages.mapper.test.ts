import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Block } from '@aws-sdk/client-textract';
import { LAB_PAGE, TextractBlocks } from '../../../../test/helpers/providers/textract-blocks.js';
import { ProviderError } from '../../providers/provider-error.js';
import { checkedAnalysis, checkedBlocks } from './block-index.js';
import { toPages } from './pages.mapper.js';

const FRAME = { width: 600, height: 800 };

test('a lab page reads header, form field, one line per table row with cells, then the footer', () => {
  const blocks = new TextractBlocks().page(LAB_PAGE);
  const [page] = toPages(checkedAnalysis(blocks, 1), () => FRAME);
  assert.ok(page);
  assert.equal(page.number, 1);
  assert.deepEqual([page.width, page.height], [600, 800]);
  assert.deepEqual(
    page.lines.map((line) => line.text),
    [
      'CITY LABORATORY SERVICES',
      'Collected:   2024-03-01',
      'Hemoglobin   11.2   g/dL   12.0 - 15.5',
      'Glucose   126   mg/dL   70 - 99',
      'Creatinine   0.9   mg/dL   0.6 - 1.2',
      'Reviewed by the laboratory',
    ],
  );
  const hemoglobin = page.lines[2];
  assert.deepEqual(
    hemoglobin?.cells.map((cell) => cell.text),
    ['Hemoglobin', '11.2', 'g/dL', '12.0 - 15.5'],
  );
  // Cell x0/x1 are the CELL boxes (ratios of the page width) in page units.
  assert.deepEqual(
    hemoglobin.cells.map((cell) => [round(cell.x0), round(cell.x1)]),
    [
      [60, 228],
      [240, 312],
      [324, 396],
      [408, 528],
    ],
  );
  assert.deepEqual(hemoglobin.bbox.map(round), [60, 200, 528, 232]);
  assert.deepEqual(
    page.lines[1]?.cells.map((cell) => cell.text),
    ['Collected:', '2024-03-01'],
  );
});

test('confidence is Textract confidence over 100: the LINE for plain lines, the words for rows', () => {
  const blocks = new TextractBlocks().page({ ...LAB_PAGE, headerConfidence: 81 });
  const [page] = toPages(checkedAnalysis(blocks, 1), () => FRAME);
  assert.equal(page?.lines[0]?.confidence, 0.81);
  assert.equal(round(page.lines[2]?.confidence ?? 0, 3), 0.989);
});

test('each page of a multi-page answer gets its own lines and frame', () => {
  const generator = new TextractBlocks();
  const blocks = [
    ...generator.page({ ...LAB_PAGE, header: 'PAGE ONE' }, 1),
    ...generator.page(
      { ...LAB_PAGE, header: 'PAGE TWO', rows: [['Sodium', '140', 'mmol/L', '135 - 145']] },
      2,
    ),
  ];
  const pages = toPages(checkedAnalysis(blocks, 2), (n) => ({ width: 100 * n, height: 100 }));
  assert.deepEqual(
    pages.map((p) => [p.number, p.width, p.lines[0]?.text, p.lines.length]),
    [
      [1, 100, 'PAGE ONE', 6],
      [2, 200, 'PAGE TWO', 4],
    ],
  );
});

test('an empty cell is left out of its row', () => {
  const blocks = new TextractBlocks().page({
    ...LAB_PAGE,
    rows: [['Potassium', '4.1', '', '3.5 - 5.1']],
  });
  const [page] = toPages(checkedAnalysis(blocks, 1), () => FRAME);
  const row = page?.lines.find((line) => line.text.startsWith('Potassium'));
  assert.deepEqual(
    row?.cells.map((cell) => cell.text),
    ['Potassium', '4.1', '3.5 - 5.1'],
  );
  assert.equal(row.text, 'Potassium   4.1   3.5 - 5.1');
});

test('an answer without PAGE blocks, or with blocks that are not blocks, is invalid', () => {
  const lines = new TextractBlocks().page(LAB_PAGE).filter((b) => b.BlockType !== 'PAGE');
  assert.throws(
    () => checkedAnalysis(lines, 1),
    (error) => error instanceof ProviderError && error.kind === 'invalid_response',
  );
  for (const bad of ['x', [1], [{ Id: 'a' }], { Blocks: [] }])
    assert.throws(
      () => checkedBlocks(bad),
      (error) => error instanceof ProviderError && error.kind === 'invalid_response',
    );
  assert.deepEqual(checkedBlocks(undefined), []);
});

test('the page count falls back to the PAGE blocks when the metadata lacks it', () => {
  const blocks: Block[] = new TextractBlocks().page(LAB_PAGE);
  assert.equal(checkedAnalysis(blocks, undefined).pages, 1);
  assert.equal(checkedAnalysis(blocks, 3).pages, 3);
});

function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
