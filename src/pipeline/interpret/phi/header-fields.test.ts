import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PhiKind } from '../../../domain/result.js';
import { LAB_TESTS } from '../labs/lab-tests.data.js';
import { generator } from '../../../../test/helpers/generator.js';
import { findPhi } from './phi-detector.js';

/**
 * Report headers as labs print them, generated from parts: the labels and their variants, name
 * orders, date and identifier shapes. Names are invented or common; none comes from a fixture.
 */

const FIRST = ['Zorvath', 'Quilla', 'Anjali', 'Maria', 'Tobiah', 'Ngozi', 'Mark', 'Jean-Luc'];
/** Invented, listed, and everyday-word surnames (Hope, Will, Rose). */
const LAST = ['Quilleran', 'Brannock', 'Deshmukh', 'Garcia', 'Oyelaran', 'Hope', 'Will', 'Rose'];
const TITLES = ['Mr.', 'Mrs.', 'Ms.', 'Master', 'Smt.', ''];
const pad = (n: number) => String(n).padStart(2, '0');

/** Whether every letter and digit of `value` (its first occurrence in `line`) is masked. */
function masked(line: string, value: string, kinds?: readonly PhiKind[]): boolean {
  const at = line.indexOf(value);
  assert.ok(at >= 0, `${value} not in ${line}`);
  const spans = findPhi(line).filter((s) => kinds === undefined || kinds.includes(s.kind));
  for (let i = at; i < at + value.length; i++) {
    if (!/[A-Za-z0-9]/.test(line[i] ?? '')) continue;
    if (!spans.some((s) => s.start <= i && i < s.end)) return false;
  }
  return true;
}

/** Whether nothing of `part` is masked. */
function clear(line: string, part: string): boolean {
  const at = line.indexOf(part);
  return !findPhi(line).some((s) => s.start < at + part.length && at < s.end);
}

const names = (line: string) =>
  findPhi(line)
    .filter((s) => s.kind === 'name')
    .map((s) => line.slice(s.start, s.end));

describe('names after labels written in other ways', () => {
  test('labels, separators, titles and name orders (generated)', () => {
    const g = generator(3);
    const labels = [
      'Patient Name',
      "Patient's Name",
      'Pt. Name',
      'Name of Patient',
      'Name',
      'Patient',
      'Client Name',
      'Patient Full Name',
      'Name (Last, First)',
    ];
    for (let i = 0; i < 120; i++) {
      const first = g.pick(FIRST);
      const last = g.pick(LAST);
      const title = g.pick(TITLES);
      const inverted = i % 4 === 1;
      let value = inverted ? `${last.toUpperCase()}, ${first}` : `${title} ${first} ${last}`.trim();
      const label = g.pick(labels);
      const sep = g.pick([': ', ' : ', ' - ', '        : ', ':']);
      let line = `${label}${sep}${value}   Age/Sex: ${g.int(1, 88)} Y / ${g.pick(['M', 'F'])}`;
      if (i % 5 === 0) {
        line = line.toUpperCase();
        value = value.toUpperCase();
      }
      assert.deepEqual(names(line), [value], line);
    }
  });

  test('a name label without a colon, in a table of label and value cells', () => {
    for (const label of ['Patient Name', 'Name of Patient', 'Client Name', 'Full Name']) {
      const line = `${label}      Tobiah Quilleran      DOB 03/04/1971`;
      assert.deepEqual(names(line), ['Tobiah Quilleran'], line);
    }
  });

  test('family and given names under their own labels', () => {
    const line = 'Surname: Quilleran   Given Name(s): Zorvath   Middle Name: Ardis';
    assert.deepEqual(names(line), ['Quilleran', 'Zorvath', 'Ardis']);
    assert.deepEqual(names('Last Name: Brannock  First Name: Ngozi'), ['Brannock', 'Ngozi']);
    assert.deepEqual(names('Name: de la Cruz, Ana'), ['de la Cruz, Ana']);
  });

  test('referring and reporting doctors, with their titles', () => {
    assert.deepEqual(names('Referring Doctor: Dr Priya Quilleran'), ['Dr Priya Quilleran']);
    assert.deepEqual(names('Requested by: Tobiah Brannock, MD'), ['Tobiah Brannock']);
    assert.deepEqual(names('Authorised By : Dr. A. K. Deshmukh MD'), ['Dr. A. K. Deshmukh']);
  });

  test('values that are not people', () => {
    for (const line of [
      'Referred By: Self',
      'Ref. By : Walk-in',
      'Test Name: Hemoglobin A1c',
      'Drug Name: Atorvastatin Calcium',
      'Hospital Name: Northfield General Hospital',
      'Performed by: Quillmark Laboratory',
      'Patient: Tolerated Procedure Well',
      'PATIENT: ALERT AND ORIENTED',
      'Name: Serum Glucose Fasting',
    ])
      assert.deepEqual(names(line), [], line);
  });

  test('the names of the lab tests the engine reads are never names', () => {
    const title = (s: string) => s.replace(/\b[a-z]/g, (c) => c.toUpperCase());
    for (const t of LAB_TESTS) {
      for (const n of t.names) {
        for (const line of [
          `${title(n)}   12.5   mg/dL   10 - 20`,
          `${n.toUpperCase()} 12.5 MG/DL`,
          `Patient Name: ${title(n)}`,
        ])
          assert.deepEqual(names(line), [], line);
      }
    }
  });
});

describe('unlabelled names at the start of a header line', () => {
  test('a name before a birth date, an age or a record number (generated)', () => {
    const g = generator(5);
    for (let i = 0; i < 60; i++) {
      const first = g.pick(FIRST.filter((f) => f !== 'Mark'));
      const last = g.pick(['Quilleran', 'Brannock', 'Deshmukh', 'Oyelaran', 'Vexley']);
      const [d, m, y] = [g.int(1, 28), g.int(1, 12), g.int(1940, 2020)];
      const eu = `${pad(d)}.${pad(m)}.${y}`;
      const us = `${pad(m)}/${pad(d)}/${y}`;
      const id = g.digits(9);
      const line = g.pick([
        `${first} ${last}    born ${eu}    Lab no. ${id}    sampled ${us}`,
        `${last.toUpperCase()}, ${first}  DOB: ${us}  MRN: ${id}`,
        `${first} ${last} (${g.int(1, 88)} y, F)   Reg. No ${id}`,
        `${first} ${last}   Sex: M   Age: ${g.int(1, 88)}   UHID: ${id}`,
      ]);
      const name = line.startsWith(last.toUpperCase())
        ? `${last.toUpperCase()}, ${first}`
        : `${first} ${last}`;
      assert.deepEqual(names(line), [name], line);
      assert.ok(masked(line, id), line);
    }
  });

  test('prose and result lines are not header names', () => {
    for (const line of [
      'Adult Male aged 45, no complaints',
      'Baby Boy born 05/22/2019 at term',
      'NEURO- ALERT ORIENTED- MAE 45 Y',
      'Hemoglobin A1c 6.1 % born',
    ])
      assert.deepEqual(names(line), [], line);
  });

  test('only at a real line start, not where a long line is cut into slices', () => {
    const header = 'Zorvath Quilleran born 05/22/2019';
    assert.deepEqual(names(header), ['Zorvath Quilleran']);
    assert.deepEqual(names(`${'a'.repeat(3990)} ${header}`), []);
  });

  test('a header cell holding only a titled name keeps the title with the name', () => {
    assert.deepEqual(names('Mr. Zorvath Quilleran     PATIENT ID 4471'), ['Mr. Zorvath Quilleran']);
    // In running text the title stays outside the span.
    assert.deepEqual(names('Mrs. Brannock is resting comfortably'), ['Brannock']);
  });
});

describe('record numbers under their many labels', () => {
  test('labels and identifier shapes (generated)', () => {
    const g = generator(13);
    const labels = [
      'Reg. No',
      'Regd. No.',
      'Registration No',
      'Lab no.',
      'Lab Number',
      'Sample ID',
      'Specimen No.',
      'MRN',
      'MR No',
      'UHID',
      'CR No.',
      'Accession #',
      'Order Number',
      'Episode No',
      'Visit ID',
      'Labor-Nr.',
      'Auftragsnummer',
      'NHS Number',
    ];
    for (let i = 0; i < 80; i++) {
      const value = g.pick([
        g.digits(g.int(4, 10)),
        `AB-${g.digits(5)}`,
        `L-${g.digits(2)}-${g.digits(5)}`,
        `${g.digits(4)}/REG/${g.digits(4)}`,
        `pqrstuv${g.digits(2)}`,
        `${g.digits(3)} ${g.digits(3)} ${g.digits(4)}`,
      ]);
      const label = g.pick(labels);
      const line = `${label}${g.pick([': ', ' : ', ' ', ' - ', ':'])}${value}    Sex: F`;
      assert.ok(masked(line, value, ['identifier', 'phone']), line);
      assert.ok(clear(line, 'Sex: F'), line);
    }
  });

  test('short numbers after weak labels are not record numbers', () => {
    assert.ok(clear('specimen #2 sent, visit 3', 'specimen #2'));
    assert.ok(clear('ID: 98.9, ID= Tmax-99', 'ID: 98.9'));
  });
});

describe('dates and ages in header fields', () => {
  test('European and US birth and collection dates after their labels (generated)', () => {
    const g = generator(17);
    for (let i = 0; i < 60; i++) {
      const [d, m, y] = [g.int(1, 28), g.int(1, 12), g.int(1930, 2024)];
      const date = g.pick([
        `${pad(d)}.${pad(m)}.${y}`,
        `${d}.${m}.${y}`,
        `${pad(m)}/${pad(d)}/${y}`,
        `${y}-${pad(m)}-${pad(d)}`,
        `${pad(d)}-${g.pick(['Jan', 'Aug', 'Oct', 'Dec'])}-${y}`,
      ]);
      const label = g.pick([
        'born',
        'geb.',
        'Geburtsdatum:',
        'Date of Birth:',
        'sampled',
        'Collected:',
        'Collected On :',
        'Probenahme:',
        'Registered on :',
      ]);
      const line = `${label} ${date}   Page 1 of 2`;
      assert.ok(masked(line, date, ['date']), line);
      assert.ok(clear(line, 'Page 1 of 2'), line);
    }
  });

  test('a labelled age is masked with its unit and the sex beside it', () => {
    const g = generator(19);
    for (let i = 0; i < 40; i++) {
      const age = g.int(1, 99);
      const sex = g.pick(['M', 'F', 'Male', 'Female']);
      const value = g.pick([
        `${age} YRS / ${sex}`,
        `${age}Y/${sex}`,
        `${age} Years`,
        `${age}Y ${g.int(1, 11)}M ${g.int(1, 27)}D`,
      ]);
      const label = g.pick(['Age/Sex', 'Age / Gender', 'Age', 'Age & Sex']);
      const line = `${label}${g.pick([': ', ' : ', '   :'])}${value}   Ward 4`;
      assert.ok(masked(line, value, ['age']), line);
      assert.ok(clear(line, 'Ward 4'), line);
    }
    assert.ok(masked('Sex/Age: F/62 Y', 'F/62 Y', ['age']));
  });

  test('ages in running text stay unless over 89', () => {
    const ages = (line: string) =>
      findPhi(line)
        .filter((s) => s.kind === 'age')
        .map((s) => line.slice(s.start, s.end));
    assert.deepEqual(ages('a 45 yo man, aged 67 years'), []);
    assert.deepEqual(ages('a 94 yo woman'), ['94']);
  });
});

describe('contacts and addresses in headers', () => {
  test('international phone numbers', () => {
    for (const phone of ['+91 98765 43210', '+44 20 7946 0958', '+49 30 1234567'])
      assert.ok(masked(`Mobile: ${phone}   Ward 4`, phone, ['phone']), phone);
    assert.ok(clear('edema +2 bilat, pulses +1 3 4', '+1 3 4'));
  });

  test('an identifier-like part inside an address does not unmask the rest', () => {
    const line = 'Address: 12 Quillmark Rd, Boise ID 83702';
    assert.ok(masked(line, '12 Quillmark Rd, Boise ID 83702'), line);
  });
});
