import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redact, redactPhi } from './redact.js';

describe('redact', () => {
  test('replaces each span by the placeholder of its kind', () => {
    const text = 'Mr. John Smith, DOB 10/22/1962, MRN 123456, tel 410-555-0134';
    const spans = [
      { kind: 'name', start: 4, end: 14 },
      { kind: 'date', start: 20, end: 30 },
      { kind: 'identifier', start: 36, end: 42 },
      { kind: 'phone', start: 48, end: 60 },
    ] as const;
    assert.equal(redact(text, spans), 'Mr. [NAME], DOB [DATE], MRN [ID], tel [PHONE]');
  });

  test('overlapping and touching spans become one placeholder, named after the longest', () => {
    const text = 'seen at Holy Cross Hospital today';
    assert.equal(
      redact(text, [
        { kind: 'name', start: 13, end: 18 },
        { kind: 'address', start: 8, end: 18 },
        { kind: 'address', start: 18, end: 27 },
      ]),
      'seen at [ADDRESS] today',
    );
  });

  test('spans in any order, out of range or empty cannot break the text or leak', () => {
    const text = 'call Ann at home';
    assert.equal(
      redact(text, [
        { kind: 'address', start: 12, end: 99 },
        { kind: 'name', start: 5, end: 8 },
        { kind: 'date', start: 3, end: 3 },
        { kind: 'age', start: -4, end: 0 },
      ]),
      'call [NAME] at [ADDRESS]',
    );
    assert.equal(redact(text, []), text);
  });

  test('redactPhi detects and redacts a report header in one step', () => {
    const out = redactPhi(
      'Patient Name: Mrs. Quilla Brannock   Reg. No: 2024/0456\nHemoglobin 11.2 g/dL',
    );
    // A labelled field's value goes whole, its title with it.
    assert.equal(out, 'Patient Name: [NAME]   Reg. No: [ID]\nHemoglobin 11.2 g/dL');
    assert.ok(!out.includes('Brannock'));
  });
});
