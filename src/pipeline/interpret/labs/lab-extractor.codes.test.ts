import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { only, tableLines as page } from '../../../../test/helpers/source-lines.js';
import { extractLabs } from './lab-extractor.js';

describe('extractLabs: codes and units', () => {
  test('synonyms and abbreviations map to one LOINC code', () => {
    const names = ['Hb', 'HGB', 'Haemoglobin', 'HEMOGLOBIN', 'Hemoglobin (Hb)'];
    const labs = extractLabs(page(names.map((name) => [name, '14', 'g/dL', '13 - 17'])));
    assert.deepEqual(new Set(labs.map((l) => l.code?.code)), new Set(['718-7']));
    const wbc = extractLabs(
      page(
        ['WBC', 'TLC', 'Total Leukocyte Count', 'White Blood Cells'].map((n) => [
          n,
          '7',
          '10^3/uL',
          '4 - 11',
        ]),
      ),
    );
    assert.deepEqual(new Set(wbc.map((l) => l.code?.code)), new Set(['6690-2']));
  });

  test('a differential count takes the percent code for % and the count code otherwise', () => {
    const labs = extractLabs(
      page([
        ['Neutrophils', '60', '%', '40 - 80'],
        ['Neutrophils', '4.2', 'x10^9/L', '2.0 - 7.5'],
      ]),
    );
    assert.deepEqual(
      labs.map((l) => l.code?.code),
      ['770-8', '751-8'],
    );
  });

  test('unknown tests carry no code; units map to UCUM only when valid', () => {
    const labs = extractLabs(
      page([
        ['Zonulin', '42', 'ng/mL', '< 60'],
        ['Oddity', '3', 'furlongs/ul', '1 - 5'],
      ]),
    );
    assert.equal(labs[0]?.code, undefined);
    assert.equal(labs[0]?.ucum, 'ng/mL');
    assert.equal(labs[1]?.ucum, undefined);
  });
});

describe('extractLabs: nothing invented', () => {
  test('headers, dates, ids, phone numbers and page numbers are not results', () => {
    const labs = extractLabs(
      page([
        ['Patient Name: Jane Roe', 'Age/Sex: 45 YRS / F'],
        ['Reg. No', '1001'],
        ['Date', '12/05/2024'],
        ['Collected', '17/10/2024 04:55 PM'],
        ['Tel', '555 1234'],
        ['Page 1 of 2'],
        ['MRN', '123456'],
        ['Room', '12'],
        ['Total', '3'],
        ['COMPLETE BLOOD COUNT (CBC)'],
      ]),
    );
    assert.deepEqual(labs, []);
  });

  test('prose with numbers and vitals are not lab rows', () => {
    const labs = extractLabs(
      page([
        ['The patient was seen 3 times and glucose was 140 at the last visit.'],
        ['Blood Pressure', '120/80', 'mmHg'],
        ['Pulse', '72', 'bpm'],
        ['Weight', '70', 'kg'],
        ['Started metformin 500 mg twice daily.'],
        ['Follow up in 2 weeks.'],
      ]),
    );
    assert.deepEqual(labs, []);
  });

  test('an unknown name with a bare number and nothing else is not a result', () => {
    assert.deepEqual(extractLabs(page([['Something', '42']])), []);
    assert.equal(only(extractLabs(page([['INR', '2.4']]))).value, 2.4);
  });

  test('a long document is cut short when the job is cancelled', () => {
    const controller = new AbortController();
    controller.abort();
    assert.throws(() => extractLabs(page([['Glucose', '90', 'mg/dL']]), controller.signal));
  });
});
