import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LabResult } from '../../domain/result.js';
import { DISCLAIMER, summarise } from './summary.js';

function lab(overrides: Partial<LabResult> & Pick<LabResult, 'name'>): LabResult {
  return {
    value: 1,
    valueText: '1',
    unit: 'mg/dL',
    referenceRange: { low: 0, high: 2, text: '0 - 2' },
    flag: 'normal',
    flagSource: 'computed',
    page: 1,
    line: 1,
    confidence: 0.75,
    ...overrides,
  };
}

const PANEL: readonly LabResult[] = [
  lab({
    name: 'Hemoglobin',
    value: 11.2,
    valueText: '11.2',
    unit: 'g/dL',
    referenceRange: { low: 12, high: 15.5, text: '12.0 - 15.5' },
    flag: 'low',
    flagSource: 'printed',
  }),
  lab({ name: 'White Blood Cells' }),
  lab({ name: 'Platelets' }),
  lab({
    name: 'Glucose',
    value: 126,
    valueText: '126',
    unit: 'mg/dL',
    referenceRange: { low: 70, high: 99, text: '70 - 99' },
    flag: 'high',
    flagSource: 'printed',
  }),
  lab({ name: 'Creatinine' }),
];

/** Words that would turn a summary into a diagnosis. */
const DIAGNOSTIC =
  /\b(you have|you've got|you are suffering|you suffer|diagnos\w*|disease|disorder|anemi\w*|anaemi\w*|diabet\w*)\b/i;

describe('summarise', () => {
  test('headline counts flagged labs out of all labs', () => {
    assert.equal(summarise(PANEL).headline, '2 of 5 results are outside the reference range.');
  });

  test('headline is singular for one flagged lab', () => {
    const one = [PANEL[0]!];
    assert.equal(summarise(one).headline, '1 of 1 result is outside the reference range.');
  });

  test('headline when every assessed lab is normal', () => {
    const normal = [lab({ name: 'A' }), lab({ name: 'B' }), lab({ name: 'C' })];
    const summary = summarise(normal);
    assert.equal(summary.headline, 'All 3 lab results with a reference range are within it.');
    assert.deepEqual(summary.items, []);
  });

  test('headline when no lab could be assessed', () => {
    const unassessed = [
      lab({ name: 'A', flag: null, flagSource: 'none' }),
      lab({ name: 'B', flag: null, flagSource: 'none' }),
    ];
    const summary = summarise(unassessed);
    assert.equal(
      summary.headline,
      '2 lab results found; none had a reference range to compare with.',
    );
    assert.deepEqual(summary.items, []);
  });

  test('headline when no labs were found', () => {
    const summary = summarise([]);
    assert.equal(summary.headline, 'No lab results were recognised in this document.');
    assert.deepEqual(summary.items, []);
    assert.equal(summary.disclaimer, DISCLAIMER);
  });

  test('one item per flagged lab, each referring to the right lab', () => {
    const summary = summarise(PANEL);
    assert.equal(summary.items.length, 2);
    assert.deepEqual(
      summary.items.map((item) => item.refs),
      [['#/labs/0'], ['#/labs/3']],
    );
    for (const item of summary.items) {
      const index = Number(/^#\/labs\/(\d+)$/.exec(item.refs[0] ?? '')?.[1]);
      const target = PANEL[index];
      assert.ok(target !== undefined, `ref ${item.refs[0]} points at no lab`);
      assert.ok(
        item.text.startsWith(`${target.name} `),
        `${item.text} is not about ${target.name}`,
      );
      assert.notEqual(target.flag, 'normal');
    }
  });

  test('items describe direction, value, unit and range', () => {
    const [low, high] = summarise(PANEL).items;
    assert.equal(
      low?.text,
      'Hemoglobin is below the reference range (11.2 g/dL; reference range 12.0 - 15.5), about 7% under the lower limit. Haemoglobin measures the protein in red blood cells that carries oxygen.',
    );
    assert.equal(
      high?.text,
      'Glucose is above the reference range (126 mg/dL; reference range 70 - 99), about 27% over the upper limit. Glucose measures the sugar in your blood, your body’s main fuel.',
    );
  });

  test('far above the range is given as a multiple; unknown tests get no explanation', () => {
    const [item] = summarise([
      lab({
        name: 'Zonulin X',
        value: 250,
        valueText: '250',
        unit: 'U/L',
        referenceRange: { high: 40, text: '< 40' },
        flag: 'high',
      }),
    ]).items;
    assert.equal(
      item?.text,
      'Zonulin X is above the reference range (250 U/L; reference range < 40), about 6.3 times the upper limit.',
    );
  });

  test('critical results come first; refs still point at their labs', () => {
    const labs = [
      lab({ name: 'Glucose', flag: 'high' }),
      lab({ name: 'Potassium', flag: 'critical_high' }),
    ];
    assert.deepEqual(
      summarise(labs).items.map((item) => item.refs),
      [['#/labs/1'], ['#/labs/0']],
    );
  });

  test('critical and abnormal flags are described; a missing unit or range is left out cleanly', () => {
    const labs = [
      lab({ name: 'Potassium', valueText: '7.1', unit: 'mmol/L', flag: 'critical_high' }),
      lab({ name: 'Sodium', valueText: '118', unit: 'mmol/L', flag: 'critical_low' }),
      lab({ name: 'Urine Protein', valueText: '30', unit: null, flag: 'abnormal' }),
    ];
    const { referenceRange: _dropped, ...noRange } = lab({
      name: 'Ferritin',
      valueText: '8',
      flag: 'low',
    });
    labs.push(noRange);
    const texts = summarise(labs).items.map((item) => item.text);
    assert.match(texts[0] ?? '', /^Potassium is far above the reference range \(marked critical\)/);
    assert.match(texts[1] ?? '', /^Sodium is far below the reference range \(marked critical\)/);
    assert.equal(
      texts[2],
      'Urine Protein is marked as abnormal (30; reference range 0 - 2). Urine protein measures protein in the urine, which can be a sign of kidney strain.',
    );
    assert.match(
      texts[3] ?? '',
      /^Ferritin is below the reference range \(8 mg\/dL\)\. Ferritin measures /,
    );
  });

  test('labs without a flag and normal labs get no item, but count in the total', () => {
    const labs = [
      lab({ name: 'A', flag: null, flagSource: 'none' }),
      lab({ name: 'B', flag: 'high' }),
      lab({ name: 'C' }),
    ];
    const summary = summarise(labs);
    assert.equal(summary.headline, '1 of 3 results is outside the reference range.');
    assert.deepEqual(
      summary.items.map((item) => item.refs),
      [['#/labs/1']],
    );
  });

  test('the disclaimer is always present and says it is not a diagnosis', () => {
    for (const labs of [[], PANEL]) {
      const summary = summarise(labs);
      assert.equal(summary.disclaimer, DISCLAIMER);
      assert.match(summary.disclaimer, /not a diagnosis/);
      assert.match(summary.disclaimer, /doctor/);
    }
  });

  test('headline and items never use diagnostic language', () => {
    const flags: LabResult['flag'][] = [
      'low',
      'high',
      'critical_low',
      'critical_high',
      'abnormal',
      'normal',
      null,
    ];
    const labs = flags.map((flag, i) => lab({ name: `Test ${i}`, flag }));
    for (const set of [[], PANEL, labs, labs.slice(5)]) {
      const summary = summarise(set);
      for (const text of [summary.headline, ...summary.items.map((item) => item.text)]) {
        assert.doesNotMatch(text, DIAGNOSTIC);
      }
      assert.doesNotMatch(summary.disclaimer, /\byou have\b/i);
    }
  });
});
