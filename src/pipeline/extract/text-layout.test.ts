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

describe('runsToLines: reading order, columns, rotation, cells', () => {
  /** A justified prose line of `words` words across [x, x + width). */
  const prose = (x: number, y: number, width: number, label: string) => ({
    text: `${label} lorem ipsum dolor sit amet consectetur adipiscing`,
    x,
    y,
    width,
    height: H,
  });

  test('two text columns are read one after the other, not line by line across', () => {
    const runs: TextRun[] = [run('Title of the document', 150, 40)];
    for (let i = 0; i < 8; i++) {
      runs.push(prose(50, 100 + i * 14, 230, `L${i}`));
      runs.push(prose(290, 101 + i * 14, 230, `R${i}`));
    }
    const texts = runsToLines(runs).map((l) => l.text.split(' ')[0]);
    assert.deepEqual(texts, [
      'Title',
      'L0',
      'L1',
      'L2',
      'L3',
      'L4',
      'L5',
      'L6',
      'L7',
      'R0',
      'R1',
      'R2',
      'R3',
      'R4',
      'R5',
      'R6',
      'R7',
    ]);
  });

  test('table columns stay together: each row is one line with its cells', () => {
    const runs: TextRun[] = [];
    const rows = [
      ['Hemoglobin', '11.2', 'g/dL', '12.0 - 15.5'],
      ['White Blood Cells', '7.4', '10^3/uL', '4.0 - 11.0'],
      ['Platelets', '250', '10^3/uL', '150 - 400'],
      ['Glucose', '126', 'mg/dL', '70 - 99'],
    ];
    rows.forEach((cells, i) =>
      cells.forEach((cell, c) => runs.push(run(cell, [50, 230, 300, 380][c] ?? 0, 100 + i * 18))),
    );
    const lines = runsToLines(runs);
    assert.equal(lines.length, 4);
    for (const [i, line] of lines.entries()) {
      assert.deepEqual(
        line.cells.map((c) => c.text),
        rows[i],
      );
      assert.equal(line.text, rows[i]?.join('   '));
    }
    assert.ok((lines[0]?.cells[1]?.x0 ?? 0) >= 229, 'cells keep their positions');
  });

  test('a cell that wraps onto the next line is joined to its row', () => {
    const runs: TextRun[] = [
      run('Mean Corpuscular Hemoglobin', 50, 100),
      run('33.5', 230, 100),
      run('g/dL', 300, 100),
      run('31.5 - 34.5', 380, 100),
      run('Concentration', 50, 111),
      run('Platelets', 50, 130),
      run('250', 230, 130),
      run('10^3/uL', 300, 130),
      run('150 - 400', 380, 130),
    ];
    const lines = runsToLines(runs);
    assert.deepEqual(
      lines.map((l) => l.cells[0]?.text),
      ['Mean Corpuscular Hemoglobin Concentration', 'Platelets'],
    );
    assert.equal(
      lines[0]?.text,
      'Mean Corpuscular Hemoglobin Concentration   33.5   g/dL   31.5 - 34.5',
    );
  });

  test('text rotated by 90 degrees is read in its own direction, after the main text', () => {
    // Upward text (angle 90): runs start on the baseline and go up the page.
    const runs: TextRun[] = [
      run('Main text line', 50, 100),
      run('with more words than the margin note', 50, 114),
      { text: 'first', x: 20, y: 400, width: 25, height: H, angle: 90 },
      { text: 'words', x: 20, y: 370, width: 25, height: H, angle: 90 },
      { text: 'next line', x: 32, y: 400, width: 45, height: H, angle: 90 },
    ];
    const lines = runsToLines(runs);
    assert.deepEqual(
      lines.map((l) => l.text),
      ['Main text line', 'with more words than the margin note', 'first words', 'next line'],
    );
    const [x0, y0, x1, y1] = lines[2]?.bbox ?? [0, 0, 0, 0];
    assert.ok(
      x0 >= 9 && x1 <= 21 && y0 >= 344 && y1 <= 401,
      `bbox of rotated text on the page: ${String(lines[2]?.bbox)}`,
    );
  });

  test('a run that aligns columns with runs of spaces is split into cells', () => {
    const line = runsToLines([
      { text: 'Sodium      140      mmol/L      135 - 145', x: 50, y: 100, width: 210, height: H },
    ])[0];
    assert.deepEqual(
      line?.cells.map((c) => c.text),
      ['Sodium', '140', 'mmol/L', '135 - 145'],
    );
  });

  test('word confidences become the line confidence (mean)', () => {
    const a = { ...run('Glucose', 50, 100), confidence: 0.9 };
    const b = { ...after(a, '126', 3 * H), confidence: 0.5 };
    assert.ok(Math.abs((runsToLines([a, b])[0]?.confidence ?? 0) - 0.7) < 1e-9);
  });

  test('a few thousand runs are laid out quickly (no quadratic blow-up)', () => {
    const runs: TextRun[] = [];
    for (let i = 0; i < 3000; i++)
      runs.push(run(`w${i}`, 50 + (i % 30) * 20, 100 + Math.floor(i / 30) * 14));
    const started = performance.now();
    const lines = runsToLines(runs);
    assert.equal(lines.length, 100);
    assert.ok(performance.now() - started < 2000);
  });
});
