import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LabResult } from '../../../domain/result.js';
import { only, tableLines as page } from '../../../../test/helpers/source-lines.js';
import { extractLabs } from './lab-extractor.js';

const byName = (labs: readonly LabResult[], name: string) => {
  const lab = labs.find((l) => l.name === name);
  assert.ok(lab !== undefined, `no lab named ${name} among ${labs.map((l) => l.name).join(', ')}`);
  return lab;
};

describe('extractLabs: layouts', () => {
  test('a classic table with a section header and a column header yields only the rows', () => {
    const labs = extractLabs(
      page([
        ['HAEMATOLOGY'],
        ['Test', 'Result', 'Unit', 'Reference Range', 'Flag'],
        ['Hemoglobin', '11.2', 'g/dL', '12.0 - 15.5', 'L'],
        ['WBC', '7.1', '10^3/uL', '4.0 - 11.0'],
        ['LIPID PROFILE'],
        ['Total Cholesterol', '232', 'mg/dL', '< 200', 'H'],
      ]),
    );
    assert.deepEqual(
      labs.map((l) => [l.name, l.value, l.unit, l.flag, l.line]),
      [
        ['Hemoglobin', 11.2, 'g/dL', 'low', 3],
        ['WBC', 7.1, '10^3/uL', 'normal', 4],
        ['Total Cholesterol', 232, 'mg/dL', 'high', 6],
      ],
    );
  });

  test('columns in another order: flag before the value, units last', () => {
    const labs = extractLabs(
      page([
        ['Test', 'Flag', 'Result', 'Reference', 'Units'],
        ['Potassium', 'H', '5.9', '3.5-5.1', 'mmol/L'],
        ['Sodium', '', '139', '135-145', 'mmol/L'],
      ]),
    );
    const potassium = byName(labs, 'Potassium');
    assert.equal(potassium.value, 5.9);
    assert.equal(potassium.unit, 'mmol/L');
    assert.deepEqual(potassium.referenceRange, { low: 3.5, high: 5.1, text: '3.5-5.1' });
    assert.equal(potassium.flagSource, 'printed');
    assert.equal(byName(labs, 'Sodium').flag, 'normal');
  });

  test('value and unit in one cell, range in brackets', () => {
    const lab = only(extractLabs(page([['Creatinine', '1.42mg/dL', '(0.60-1.20)']])));
    assert.equal(lab.value, 1.42);
    assert.equal(lab.unit, 'mg/dL');
    assert.equal(lab.referenceRange?.high, 1.2);
    assert.equal(lab.flag, 'high');
    assert.equal(lab.flagSource, 'computed');
  });

  test('a name wrapped over two lines is joined, with the line of the values', () => {
    const labs = extractLabs(
      page([
        ['Mean Corpuscular'],
        ['Volume', '84.0', 'fL', '83 - 101'],
        ['Total Leukocyte'],
        ['5,100', '/cumm', '4,000 - 11,000'],
      ]),
    );
    assert.deepEqual(
      labs.map((l) => [l.name, l.value, l.code?.code, l.line]),
      [
        ['Mean Corpuscular Volume', 84, '787-2', 2],
        ['Total Leukocyte', 5100, undefined, 4],
      ],
    );
  });

  test('a method note under a name is not a result and does not break the row', () => {
    const labs = extractLabs(
      page([
        ['HbA1c', '6.1', '%', '4.0 - 5.6', 'H'],
        ['(Method: HPLC)'],
        ['Glucose', '98', 'mg/dL', '70 - 99'],
      ]),
    );
    assert.deepEqual(
      labs.map((l) => l.name),
      ['HbA1c', 'Glucose'],
    );
  });

  test('two tables side by side on one baseline give both rows', () => {
    const labs = extractLabs(
      page([['Potassium', '4.1 mmol/L', '3.5 - 5.1', 'Triglycerides', '102 mg/dL', '< 150']]),
    );
    assert.deepEqual(
      labs.map((l) => [l.name, l.value, l.line]),
      [
        ['Potassium', 4.1, 1],
        ['Triglycerides', 102, 1],
      ],
    );
  });

  test('LOINC-style long names, even cut by a wrap, find their code', () => {
    const labs = extractLabs(
      page([
        ['Leukocytes [#/volume] in', '9.5 10^3/uL', '4.0 - 11.0'],
        ['Blood by Automated count'],
        ['Hemoglobin [Mass/volume] in Blood', '15.1 g/dL', '12.0 - 17.5'],
        ['Glucose in urine', '15 mg/dL', '0 - 15'],
      ]),
    );
    assert.deepEqual(
      labs.map((l) => [l.value, l.code?.code]),
      [
        [9.5, '6690-2'],
        [15.1, '718-7'],
        [15, undefined],
      ],
    );
  });

  test('an OCR row whose power caret was misread keeps its unit', () => {
    const lab = only(extractLabs(page([['WBC', '9.4', '1073/uL', '4.0-11.0']])));
    assert.equal(lab.unit, '10^3/uL');
    assert.equal(lab.ucum, '10*3/uL');
  });

  test('OCR noise: a trailing comma on a range, A1c read as Alc, a specimen note run into the name', () => {
    const labs = extractLabs(
      page([
        ['Hemoglobin Alc', '5.9', '%', '4.0-5.6,', 'H'],
        ['Creatinine Specimen: serum', '0.96 mg/dL', '0.6 - 1.3'],
      ]),
    );
    assert.deepEqual(
      labs.map((l) => [l.name, l.value, l.referenceRange?.high, l.code?.code]),
      [
        ['Hemoglobin Alc', 5.9, 5.6, '4548-4'],
        ['Creatinine', 0.96, 1.3, '2160-0'],
      ],
    );
  });

  test('results listed by time: a leading date cell, a "Range:" label, a one-letter analyte', () => {
    const labs = extractLabs(
      page([
        ['Resulted on: 13-May-2013 15:43', 'Hemoglobin', '16 g/dl', 'Range: 13.5 - 18.0 g/dl'],
        ['2013-05-13', 'WBC', '5 10X9cells/L', 'Range: 4.5 - 11.0', '='],
        ['K', '3.5 mmol/L'],
        ['Q', '3.5 mmol/L'],
      ]),
    );
    assert.deepEqual(
      labs.map((l) => [l.name, l.value, l.ucum, l.referenceRange?.low]),
      [
        ['Hemoglobin', 16, 'g/dL', 13.5],
        ['WBC', 5, '10*9/L', 4.5],
        ['K', 3.5, 'mmol/L', undefined],
      ],
    );
  });

  test('a range in brackets after the name, a timestamp after the value, *HI*, .8', () => {
    const labs = extractLabs(
      page([
        ['Glucose, Random [65-110 mg/dL]', '185 mg/dL *HI* (07/10/2013 22:25:00 America/Chicago)'],
        ['Creatinine [0.5-1.2 mg/dL]', '.8 mg/dL (07/10/2013 22:25:00 America/Chicago)'],
      ]),
    );
    assert.deepEqual(
      labs.map((l) => [l.name, l.value, l.referenceRange?.high, l.flag, l.flagSource]),
      [
        ['Glucose, Random', 185, 110, 'high', 'printed'],
        ['Creatinine', 0.8, 1.2, 'normal', 'computed'],
      ],
    );
  });

  test('code-system columns: the printed LOINC code is kept when the catalogue knows it', () => {
    const labs = extractLabs(
      page([
        [
          'High Density',
          'LOINC',
          '14646-4',
          'HDLc SerPl-sCnc',
          '55',
          'mg/dL',
          '>=40 mg/dL',
          '03-31-2010',
          'Completed',
        ],
        ['Oddity', 'LOINC', '99999-9', 'Odd SerPl', '5', 'mg/dL', '1-9', '03-31-2010', 'Completed'],
      ]),
    );
    assert.deepEqual(
      labs.map((l) => [l.name, l.value, l.code?.code, l.referenceRange?.low]),
      [
        ['High Density', 55, '14646-4', 40],
        ['Oddity', 5, undefined, 1],
      ],
    );
  });

  test('rows without cells (one run of text) parse the same way', () => {
    const lab = only(
      extractLabs([
        { page: 2, line: 7, text: 'Hemoglobin 15 g/dl 13 - 17', cells: [], confidence: 0.8 },
      ]),
    );
    assert.equal(lab.value, 15);
    assert.equal(lab.page, 2);
    assert.equal(lab.line, 7);
    assert.ok(lab.confidence < 0.9, 'OCR line confidence lowers the result confidence');
  });
});

describe('extractLabs: values and ranges', () => {
  test('comparators, thousands separators and bounds', () => {
    const labs = extractLabs(
      page([
        ['CRP', '<0.5', 'mg/L', '< 5.0'],
        ['Glucose', '>1000', 'mg/dL', '70 - 99'],
        ['WBC', '5,100', 'cells/uL', '4,000 - 11,000'],
        ['HDL Cholesterol', '38', 'mg/dL', '>= 40'],
        ['HbA1c', '5.4', '%', 'Up to 5.6'],
      ]),
    );
    assert.deepEqual(
      labs.map((l) => [l.value, l.comparator ?? null, l.flag]),
      [
        [0.5, '<', 'normal'],
        [1000, '>', 'high'],
        [5100, null, 'normal'],
        [38, null, 'low'],
        [5.4, null, 'normal'],
      ],
    );
  });

  test('a decimal-comma report reads 13,2 as 13.2 and 5.100 as 5100', () => {
    const labs = extractLabs(
      page([
        ['Hämoglobin', '13,2', 'g/dl', '12,0 - 16,0'],
        ['Hb', '11,9', 'g/dl', '12,0 - 16,0'],
        ['Leukozyten', '5.100', '/µl', '4.000 - 10.000'],
      ]),
    );
    assert.deepEqual(
      labs.map((l) => [l.value, l.referenceRange?.low, l.flag]),
      [
        [13.2, 12, 'normal'],
        [11.9, 12, 'low'],
        [5100, 4000, 'normal'],
      ],
    );
  });

  test('qualitative results compare with a qualitative range', () => {
    const labs = extractLabs(
      page([
        ['Urine Glucose', 'Negative', 'Negative'],
        ['Nitrite', 'Positive', 'Negative'],
        ['Ketones', 'Trace'],
      ]),
    );
    assert.deepEqual(
      labs.map((l) => [l.name, l.value, l.valueText, l.flag, l.flagSource]),
      [
        ['Urine Glucose', null, 'Negative', 'normal', 'computed'],
        ['Nitrite', null, 'Positive', 'abnormal', 'computed'],
        ['Ketones', null, 'Trace', null, 'none'],
      ],
    );
  });

  test('a sex-specific range is kept as text and decides no flag', () => {
    const lab = only(extractLabs(page([['Hemoglobin', '12.5', 'g/dL', 'M: 13-17 F: 12-15']])));
    assert.deepEqual(lab.referenceRange, { text: 'M: 13-17 F: 12-15' });
    assert.equal(lab.flag, null);
  });

  test('a flag printed between name and value is read as the flag, not part of the name', () => {
    const lab = only(
      extractLabs(page([['MEAN CELL HAEMOGLOBIN CON, MCHC H', '35.7', '%', '31.5-34.5']])),
    );
    assert.equal(lab.name, 'MEAN CELL HAEMOGLOBIN CON, MCHC');
    assert.equal(lab.flag, 'high');
    assert.equal(lab.flagSource, 'printed');
    assert.equal(lab.code?.code, '786-4');
  });

  test('printed flags of every spelling', () => {
    const flags = ['H', 'L', 'HH', 'LL', '*', 'High', 'Low', 'Abnormal', 'Critical'];
    const labs = extractLabs(
      page(flags.map((flag) => ['Potassium', '5.0', 'mmol/L', '3.5 - 5.1', flag])),
    );
    assert.deepEqual(
      labs.map((l) => l.flag),
      [
        'high',
        'low',
        'critical_high',
        'critical_low',
        'abnormal',
        'high',
        'low',
        'abnormal',
        'abnormal',
      ],
    );
    assert.ok(labs.every((l) => l.flagSource === 'printed'));
  });
});
