import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runsToLines, type TextRun } from './text-layout.js';

const H = 10;

/** A run of text at (x, y) with a width proportional to its length (0.5 em per character). */
function run(text: string, x: number, y: number, height = H): TextRun {
  return { text, x, y, width: text.length * height * 0.5, height };
}

/** A run placed `gap` units after the end of `previous`, on the same baseline. */
function after(previous: TextRun, text: string, gap: number): TextRun {
  return run(text, previous.x + previous.width + gap, previous.y, previous.height);
}

describe('runsToLines', () => {
  test('no runs → no lines', () => {
    assert.deepEqual(runsToLines([]), []);
  });

  test('runs on one baseline become one line ordered by x, even when given out of order', () => {
    const a = run('Hemoglobin', 50, 100);
    const b = run('11.2', 230, 100);
    const c = run('g/dL', 300, 100);
    const d = run('12.0 - 15.5', 380, 100);
    const lines = runsToLines([d, b, c, a]);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.text, 'Hemoglobin   11.2   g/dL   12.0 - 15.5');
  });

  test('a wide gap (a cell break) becomes three spaces', () => {
    const a = run('Glucose', 50, 100);
    const b = after(a, '126', 2 * H);
    assert.equal(runsToLines([a, b])[0]?.text, 'Glucose   126');
  });

  test('a small gap (a word space) becomes one space', () => {
    const a = run('White', 50, 100);
    const b = after(a, 'Blood', 0.3 * H);
    const c = after(b, 'Cells', 0.3 * H);
    assert.equal(runsToLines([c, a, b])[0]?.text, 'White Blood Cells');
  });

  test('touching runs are joined with no space', () => {
    const a = run('Hemo', 50, 100);
    const b = after(a, 'globin', 0);
    assert.equal(runsToLines([a, b])[0]?.text, 'Hemoglobin');
  });

  test('a run that already starts with a space gets no extra space', () => {
    const a = run('White', 50, 100);
    const b = after(a, ' Blood', 0.3 * H);
    assert.equal(runsToLines([a, b])[0]?.text, 'White Blood');
  });

  test('word spaces and cell breaks mix on one line', () => {
    const a = run('White', 50, 100);
    const b = after(a, 'Blood', 0.3 * H);
    const c = after(b, 'Cells', 0.3 * H);
    const d = after(c, '7.4', 5 * H);
    const e = after(d, '10^3/uL', 4 * H);
    assert.equal(runsToLines([e, d, c, b, a])[0]?.text, 'White Blood Cells   7.4   10^3/uL');
  });

  test('runs at different y become separate lines, top to bottom', () => {
    const lines = runsToLines([
      run('third', 50, 300),
      run('first', 50, 100),
      run('second', 80, 200),
      run('first-b', 200, 100),
    ]);
    assert.deepEqual(
      lines.map((l) => l.text),
      ['first   first-b', 'second', 'third'],
    );
  });

  test('lines closer than one text height but more than half a height apart stay separate', () => {
    const lines = runsToLines([run('upper', 50, 100), run('lower', 50, 100 + 0.8 * H)]);
    assert.deepEqual(
      lines.map((l) => l.text),
      ['upper', 'lower'],
    );
  });

  test('slight baseline jitter (under half a height) stays on one line', () => {
    const a = run('Glucose', 50, 100);
    const b = run('126', 230, 100 + 0.3 * H);
    const c = run('mg/dL', 300, 100 - 0.15 * H);
    const lines = runsToLines([b, c, a]);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.text, 'Glucose   126   mg/dL');
  });

  test('empty and whitespace-only runs are dropped', () => {
    const a = run('Glucose', 50, 100);
    const blank = run('   ', 120, 100);
    const empty = run('', 150, 100);
    const b = run('126', 230, 100);
    const lonely = run(' \t ', 50, 400);
    const lines = runsToLines([a, blank, empty, b, lonely]);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.text, 'Glucose   126');
    assert.deepEqual(runsToLines([blank, empty, lonely]), []);
  });

  test('zero-height runs are dropped', () => {
    const lines = runsToLines([run('Glucose', 50, 100), { ...run('ghost', 50, 300), height: 0 }]);
    assert.deepEqual(
      lines.map((l) => l.text),
      ['Glucose'],
    );
  });

  test('trailing whitespace of the last run is trimmed', () => {
    assert.equal(runsToLines([run('Glucose  ', 50, 100)])[0]?.text, 'Glucose');
  });

  test('the bbox covers every run of the line', () => {
    const a = run('Glucose', 50, 100);
    const b = run('126', 230, 102, 12);
    const c = run('mg/dL', 300, 99);
    const [line] = runsToLines([c, a, b]);
    assert.ok(line !== undefined);
    assert.deepEqual(line.bbox, [50, 99, c.x + c.width, 114]);
  });

  test('each line has its own bbox and confidence 1', () => {
    const lines = runsToLines([run('first', 50, 100), run('second', 70, 200)]);
    assert.deepEqual(lines[0]?.bbox, [50, 100, 50 + 25, 110]);
    assert.deepEqual(lines[1]?.bbox, [70, 200, 70 + 30, 210]);
    for (const line of lines) assert.equal(line.confidence, 1);
  });
});
