import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findLabTest, labTestOf, loincFor, normaliseName } from './lab-catalogue.js';
import { LAB_TESTS } from './lab-tests.data.js';
import { detectNumberStyle, parseNumber } from './numbers.js';
import { isUnitToken, repairUnit, toUcum } from './units.js';

describe('lab catalogue', () => {
  test('no two tests share a name or a primary code; every test explains itself', () => {
    const names = LAB_TESTS.flatMap((t) => t.names.map(normaliseName));
    assert.equal(new Set(names).size, names.length, 'a synonym is listed twice');
    const primary = LAB_TESTS.flatMap((t) => (t.loinc === undefined ? [] : [t.loinc]));
    assert.equal(new Set(primary).size, primary.length, 'a primary code is used twice');
    for (const t of LAB_TESTS) assert.ok(t.explains.length > 10, t.id);
  });

  test('printed names find their test through abbreviations, commas and parentheses', () => {
    const cases: [string, string][] = [
      ['HEMATOCRIT VALUE, HCT', 'hematocrit'],
      ['MEAN CELL HAEMOGLOBIN CON, MCHC', 'mchc'],
      ['Hemoglobin (Hb)', 'hemoglobin'],
      ['Serum Creatinine', 'creatinine'],
      ['SGPT (ALT)', 'alt'],
      ['Cholesterol, LDL, Calculated', 'ldl'],
      ['Total Leukocyte Count (TLC)', 'wbc'],
    ];
    for (const [printed, id] of cases) assert.equal(findLabTest(printed)?.id, id, printed);
    assert.equal(findLabTest('Zonulin'), undefined);
    assert.equal(findLabTest('Patient'), undefined);
  });

  test('a result finds its test by code first, then by name', () => {
    assert.equal(labTestOf({ name: 'whatever', code: { code: '2339-0' } })?.id, 'glucose');
    assert.equal(labTestOf({ name: 'Plasma Glucose' })?.id, 'glucose');
  });

  test('differential counts: percent code for %, no code when the unit is missing', () => {
    const lymphocytes = findLabTest('Lymphocytes');
    assert.ok(lymphocytes !== undefined);
    assert.equal(loincFor(lymphocytes, '%'), '736-9');
    assert.equal(loincFor(lymphocytes, '10^3/uL'), '731-0');
    assert.equal(loincFor(lymphocytes, null), undefined);
  });
});

describe('numbers', () => {
  test('the document decides the decimal mark', () => {
    assert.equal(detectNumberStyle(['13,2 g/dl 12,0 - 16,0', '4,5']), 'comma');
    assert.equal(detectNumberStyle(['13.2 g/dL 12.0 - 16.0', '5,100']), 'dot');
  });

  test('dot style: commas group thousands unless one or two digits follow', () => {
    assert.equal(parseNumber('5,100', 'dot'), 5100);
    assert.equal(parseNumber('1,234,567', 'dot'), 1234567);
    assert.equal(parseNumber('13,2', 'dot'), 13.2);
    assert.equal(parseNumber('0.004', 'dot'), 0.004);
  });

  test('comma style: dots group thousands, the comma is the decimal mark', () => {
    assert.equal(parseNumber('5.100', 'comma'), 5100);
    assert.equal(parseNumber('13,25', 'comma'), 13.25);
  });

  test('not numbers', () => {
    for (const text of ['12/05/2024', '1.2.3', 'abc', '', '5-7', '1'.repeat(20)])
      assert.equal(parseNumber(text, 'dot'), undefined, text);
  });
});

describe('units', () => {
  test('printed spellings map to valid UCUM codes', () => {
    const cases: [string, string][] = [
      ['g/dl', 'g/dL'],
      ['x10^9/L', '10*9/L'],
      ['10^3/µL', '10*3/uL'],
      ['x10³/µL', '10*3/uL'],
      ['mill/cumm', '10*6/mm3'],
      ['lakhs/cumm', '10*5/mm3'],
      ['mEq/L', 'meq/L'],
      ['mIU/L', 'm[IU]/L'],
      ['µIU/mL', 'u[IU]/mL'],
      ['mcg/dL', 'ug/dL'],
      ['mm/hr', 'mm/h'],
      ['mL/min/1.73m2', 'mL/min/{1.73_m2}'],
      ['K/uL', '10*3/uL'],
      ['10+3/ul', '10*3/uL'],
      ['%', '%'],
      ['fL', 'fL'],
    ];
    for (const [printed, code] of cases) assert.equal(toUcum(printed), code, printed);
  });

  test('what cannot be mapped and validated gets no code', () => {
    for (const printed of ['furlongs/ul', 'x10M9/L', 'Hemoglobin', 'MG/DLX'])
      assert.equal(toUcum(printed), undefined, printed);
  });

  test('OCR misreadings of the power caret are repaired; real units are left alone', () => {
    assert.equal(repairUnit('1073/uL'), '10^3/uL');
    assert.equal(repairUnit('10M6/uL'), '10^6/uL');
    assert.equal(repairUnit('10"3/uL'), '10^3/uL');
    assert.equal(repairUnit('x1079/L'), 'x10^9/L');
    for (const unit of ['mg/dL', '10^3/uL', '1000/uL', '%']) assert.equal(repairUnit(unit), unit);
  });

  test('unit tokens are recognised, words and flags are not', () => {
    for (const unit of ['mg/dL', '%', 'fL', 'x10^9/L', 'mmol/L', 'U/L', 'cumm'])
      assert.ok(isUnitToken(unit), unit);
    for (const word of ['Hemoglobin', 'H', 'Negative', '12.5', 'Patient'])
      assert.ok(!isUnitToken(word), word);
  });
});
