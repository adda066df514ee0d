import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Condition, Medication } from '../../../domain/result.js';
import { doc } from '../../../../test/helpers/source-lines.js';
import { GroundTruth } from './grounding.js';
import { mergeConditions, mergeMedications } from './merge-clinical.js';
import { outboundLines } from './outbound-lines.js';

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const lines = doc(
  'Patient: Quilla Brannock',
  'Metformin 500 mg twice daily',
  'Lisinopril',
  'Denies chest pain.',
  '',
);
const outbound = outboundLines(
  lines,
  [{ kind: 'name', page: 1, line: 1, start: 9, end: 24 }],
  true,
);
const ground = new GroundTruth(lines, outbound);

const metformin: Medication = {
  name: 'Metformin',
  dose: '500 mg',
  text: 'Metformin 500 mg twice daily',
  page: 1,
  line: 2,
  confidence: 0.9,
};

describe('outbound lines', () => {
  test('PHI spans become placeholders; blank lines are not sent', () => {
    assert.deepEqual(
      outbound.map((l) => l.text),
      ['Patient: [NAME]', 'Metformin 500 mg twice daily', 'Lisinopril', 'Denies chest pain.'],
    );
    assert.equal(outboundLines(lines, [], false)[0]?.text, 'Patient: Quilla Brannock');
  });

  test('text behind a placeholder is not printed, as far as a provider can claim', () => {
    assert.equal(ground.prints(1, 1, 'Brannock'), false);
    assert.equal(ground.prints(1, 1, '[NAME]'), false);
    assert.equal(ground.prints(1, 2, 'metformin  500 MG'), true);
    assert.equal(ground.prints(1, 9, 'anything'), false);
  });
});

describe('merge rule: medications', () => {
  test('fills a missing code and printed sig parts; keeps what the engine read', () => {
    const { items, dropped } = mergeMedications(
      [metformin],
      [
        {
          page: 1,
          line: 2,
          name: 'metformin',
          dose: '850 mg',
          frequency: 'twice daily',
          route: 'intravenous',
          code: { system: RXNORM, code: '6809' },
        },
      ],
      ground,
    );
    assert.equal(dropped, 0);
    const [only] = items;
    assert.ok(only && items.length === 1);
    assert.equal(only.dose, '500 mg', 'the engine read stands');
    assert.equal(only.frequency, 'twice daily', 'printed, so filled');
    assert.equal(only.route, undefined, 'not printed, so not taken');
    assert.equal(only.code?.code, '6809');
  });

  test('adds a printed drug the engine missed; drops one that is not on the cited line', () => {
    const { items, dropped } = mergeMedications(
      [metformin],
      [
        { page: 1, line: 3, name: 'Lisinopril', score: 0.99 },
        { page: 1, line: 3, name: 'Atorvastatin' },
        { page: 1, line: 7, name: 'Lisinopril' },
      ],
      ground,
    );
    assert.deepEqual(
      items.map((m) => [m.name, m.line]),
      [
        ['Metformin', 2],
        ['Lisinopril', 3],
      ],
    );
    const added = items[1];
    assert.ok(added);
    assert.equal(added.confidence, 0.6);
    assert.equal(added.text, 'Lisinopril');
    assert.equal(dropped, 2);
  });
});

describe('merge rule: conditions', () => {
  const pain: Condition = {
    name: 'Chest pain',
    negated: true,
    text: 'Denies chest pain.',
    page: 1,
    line: 4,
    confidence: 0.8,
  };

  test('a different negation is a disagreement; the engine wins; a missing code is filled', () => {
    const { items, disagreements } = mergeConditions(
      [pain],
      [
        {
          page: 1,
          line: 4,
          name: 'chest pain',
          negated: false,
          code: { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'R07.9' },
        },
      ],
      ground,
    );
    const [kept] = items;
    assert.ok(kept);
    assert.equal(disagreements, 1);
    assert.equal(kept.negated, true);
    assert.equal(kept.code?.code, 'R07.9');
  });

  test('a condition named nowhere on its line is dropped', () => {
    const { items, dropped } = mergeConditions(
      [],
      [{ page: 1, line: 2, name: 'Type 2 diabetes', negated: false }],
      ground,
    );
    assert.equal(items.length, 0);
    assert.equal(dropped, 1);
  });
});
