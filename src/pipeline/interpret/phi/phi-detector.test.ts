import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PhiKind } from '../../../domain/result.js';
import type { SourceLine } from '../source-lines.js';
import { generator } from '../../../../test/helpers/generator.js';
import { detectPhi, findPhi } from './phi-detector.js';

/** "kind:text" for every match, in order: what a reader would check by eye. */
const found = (text: string) => findPhi(text).map((m) => `${m.kind}:${text.slice(m.start, m.end)}`);
const kinds = (text: string, kind: PhiKind) =>
  findPhi(text)
    .filter((m) => m.kind === kind)
    .map((m) => text.slice(m.start, m.end));

// Invented names (not in any lexicon) and listed ones: labels must work for both.
const FIRST = ['Zorvath', 'Quilla', 'Anjali', 'John', 'Maria', 'Tobiah', 'Ngozi', 'Margaret'];
const LAST = ['Quilleran', 'Brannock', 'Deshmukh', 'Smith', 'Garcia', 'Oyelaran', 'Vexley'];
const TITLES = ['Mr.', 'Mrs.', 'Ms.', 'Dr.', ''];

describe('lab report headers (generated)', () => {
  test('patient name (with its title), age/sex, registration number', () => {
    const g = generator(7);
    for (let i = 0; i < 40; i++) {
      const first = g.pick(FIRST);
      const last = g.pick(LAST);
      const title = g.pick(TITLES);
      const reg = g.digits(g.int(3, 8));
      const age = g.int(1, 88);
      const upper = i % 3 === 0;
      let line = `Patient Name: ${title} ${first} ${last}   Age/Sex: ${age} YRS / M   Reg. No: ${reg}`;
      if (upper) line = line.toUpperCase();
      const names = kinds(line, 'name');
      const value = `${title} ${first} ${last}`.trim();
      assert.deepEqual(names, [upper ? value.toUpperCase() : value], line);
      assert.deepEqual(kinds(line, 'identifier'), [reg], line);
      // The header's age field is masked whatever the age, with the sex written in it.
      assert.deepEqual(kinds(line, 'age'), [`${age} YRS / M`], line);
    }
  });

  test('dates of birth, record numbers and accession numbers in their usual shapes', () => {
    const g = generator(11);
    for (let i = 0; i < 30; i++) {
      const m = g.int(1, 12);
      const d = g.int(1, 28);
      const y = g.int(1930, 2020);
      const month = g.pick(['Jan', 'Feb', 'Mar', 'Oct', 'November', 'December']);
      const dob = g.pick([
        `${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/${y}`,
        `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
        `${d}-${month}-${y}`,
        `${month} ${d}, ${y}`,
      ]);
      const mrn = g.digits(6);
      const line = `DOB: ${dob}    MRN ${mrn}    Accession No: ACC-${g.digits(4)}-${g.digits(5)}`;
      assert.deepEqual(kinds(line, 'date'), [dob], line);
      assert.equal(kinds(line, 'identifier').length, 2, line);
      assert.ok(kinds(line, 'identifier').includes(mrn), line);
    }
  });

  test('a referring doctor, a lab technician and a signature are names', () => {
    assert.deepEqual(kinds('Ref. By : Dr. R. Kulkarni', 'name'), ['Dr. R. Kulkarni']);
    assert.deepEqual(kinds('Lab Technician: Suresh Patil', 'name'), ['Suresh Patil']);
    assert.deepEqual(kinds('Dr. Meera Iyer, MD (Pathology)', 'name'), ['Meera Iyer']);
  });

  test('in text ages over 89 are PHI, younger ages are not; a header age field always is', () => {
    assert.deepEqual(kinds('He is a 94 yo man', 'age'), ['94']);
    assert.deepEqual(kinds('she is 45 years old, age 67', 'age'), []);
    assert.deepEqual(kinds('Age/Sex: 92 Y / F', 'age'), ['92 Y / F']);
    assert.deepEqual(kinds('Name: Quilla Vexley   Age: 67', 'age'), ['67']);
  });
});

describe('results, vitals and scores are not PHI', () => {
  for (const line of [
    'K 3.9, BP 120/80, INR 2.0, PT 17.5, PTT 32.3',
    'Hemoglobin 13.5 g/dL 12.0-15.5   Platelets 250 x10^3/uL 150-400',
    'WBC 7.4 x10^9/L (4.0-11.0)  MCV 88 fL  Sodium 140 mmol/L 135-145',
    'Mean Corpuscular Volume 86.2 fL 83 - 101   Erythrocyte Sedimentation Rate 22 mm/hr',
    'Serum Glutamic Pyruvic Transaminase 32 U/L',
    'PS 10/5, strength 5/5 throughout, crackles 1/3 up bilaterally, pain 8/10',
    'vent settings SIMV 600x14, PEEP 5, CPAP 5/5 40%',
    'MS CHANGES NOTED. MR MODERATE. DR AWARE. SON VISITED.',
    'Pt tolerating tube feeds, foley draining clear yellow urine, transfer to CCU',
  ]) {
    test(line, () => assert.deepEqual(found(line), []));
  }
});

describe('free-text notes', () => {
  test('dates in the shapes notes use', () => {
    const line =
      "seen 7/22 and 07/22/2024, 2024-07-22, 22-Oct-2024, October 22, 2024; PMH: S/P MI 1992, CABG '95";
    assert.deepEqual(kinds(line, 'date'), [
      '7/22',
      '07/22/2024',
      '2024-07-22',
      '22-Oct-2024',
      'October 22, 2024',
      '1992',
      '95',
    ]);
  });

  test('a four-digit time is not a year', () => {
    assert.deepEqual(kinds('ARRIVED AT 2130, MEDS GIVEN @ 1900, BOLUS 1000 CC', 'date'), []);
  });

  test('names after titles, relations and before credentials, in any case', () => {
    assert.deepEqual(kinds('Dr. Vasquez aware. son Bill called.', 'name'), ['Vasquez', 'Bill']);
    assert.deepEqual(kinds('DR QUENTRELL NOTIFIED OF BP', 'name'), ['QUENTRELL']);
    assert.deepEqual(kinds('report given to irene snell, rn', 'name'), ['irene snell']);
    assert.deepEqual(kinds('Q. LANDER RRT', 'name'), ['Q. LANDER']);
    assert.deepEqual(kinds('Drs Ballou and Dutter aware', 'name'), ['Ballou', 'Dutter']);
  });

  test('phones, pagers, e-mails, streets and zip codes', () => {
    const line =
      'Tel: (410) 555-0134, pager 54321, john.smith@example.com, lives at 19 Clover St. in Springfield';
    assert.deepEqual(found(line), [
      'phone:(410) 555-0134',
      'phone:54321',
      'email:john.smith@example.com',
      'address:19 Clover St.',
      'address:Springfield',
    ]);
    assert.deepEqual(kinds('Baltimore, MD 21201', 'address'), ['Baltimore, MD 21201']);
  });

  test('named facilities, wards and hospital abbreviations are places', () => {
    assert.deepEqual(kinds('transferred from Holy Cross Hospital', 'address'), ['Holy Cross']);
    assert.deepEqual(kinds('TRANSFERRED TO GH FOR CATH', 'address'), ['GH']);
    assert.deepEqual(kinds('plan: transfer to Quellmark 3 in am', 'address'), ['Quellmark']);
    assert.deepEqual(kinds('transferred to the outside hospital', 'address'), []);
  });

  test('a name learnt from a cue is found where it recurs in the document', () => {
    const text = 'Mr. Zarkovian admitted overnight.\nZarkovian tolerated the procedure.';
    assert.deepEqual(found(text), ['name:Zarkovian', 'name:Zarkovian']);
    const second = findPhi(text)[1];
    assert.equal(second?.start, text.indexOf('Zarkovian', 10));
  });
});

describe('detectPhi', () => {
  const line = (page: number, n: number, text: string): SourceLine => ({
    page,
    line: n,
    text,
    cells: [],
    confidence: 1,
  });

  test('spans carry the page and line of their SourceLine and offsets into its text', () => {
    const lines = [
      line(1, 1, 'Patient Name: Mr. Tobiah Brannock   MRN: 445566'),
      line(1, 2, 'Hemoglobin 13.5 g/dL'),
      line(2, 1, 'Brannock, Tobiah   Page 2 of 2'),
    ];
    const spans = detectPhi(lines);
    const text = (s: (typeof spans)[number]) =>
      lines.find((l) => l.page === s.page && l.line === s.line)?.text.slice(s.start, s.end);
    assert.deepEqual(
      spans.map((s) => [s.page, s.line, s.kind, text(s)]),
      [
        [1, 1, 'name', 'Mr. Tobiah Brannock'],
        [1, 1, 'identifier', '445566'],
        [2, 1, 'name', 'Brannock'],
        [2, 1, 'name', 'Tobiah'],
      ],
    );
  });
});

describe('bounded cost', () => {
  test('long and hostile lines finish quickly', () => {
    const hostile = [
      '1/'.repeat(200_000),
      'a.'.repeat(200_000),
      `${'9'.repeat(100_000)}@${'a'.repeat(100_000)}`,
      'Dr. '.repeat(100_000),
      `${'x '.repeat(100_000)}St`,
      '- '.repeat(200_000),
      'Patient Name  : '.repeat(30_000),
      'Age/Sex: 1 Y / '.repeat(30_000),
      `${'Zorvath Quilleran, '.repeat(20_000)}born`,
    ];
    for (const text of hostile) {
      const started = performance.now();
      findPhi(text);
      const ms = performance.now() - started;
      assert.ok(ms < 3000, `${text.slice(0, 8)}... took ${ms.toFixed(0)} ms`);
    }
  });
});
