import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { claudeCostUsd } from './claude.prices.js';
import { FINDINGS_INPUT_SCHEMA, isFindings } from './claude.schema.js';

function objects(schema: unknown): Record<string, unknown>[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const here = schema as Record<string, unknown>;
  const nested = Object.values(here).flatMap(objects);
  return here.type === 'object' ? [here, ...nested] : nested;
}

describe('the record_findings tool schema', () => {
  test('sent for strict tool use: closed objects, no length or count limits', () => {
    const found = objects(FINDINGS_INPUT_SCHEMA);
    assert.equal(found.length, 4);
    for (const object of found) assert.equal(object.additionalProperties, false);
    const text = JSON.stringify(FINDINGS_INPUT_SCHEMA);
    for (const keyword of ['minLength', 'maxLength', 'maxItems', 'minimum'])
      assert.ok(!text.includes(keyword), keyword);
  });

  test('checked in full on return', () => {
    const lab = { page: 1, line: 4, name: 'Hemoglobin', value: '11.2' };
    assert.equal(isFindings({ labs: [lab], medications: [], conditions: [] }), true);
    assert.equal(
      isFindings({ labs: [{ ...lab, page: 0 }], medications: [], conditions: [] }),
      false,
    );
    assert.equal(
      isFindings({ labs: [{ ...lab, value: '' }], medications: [], conditions: [] }),
      false,
    );
    assert.equal(
      isFindings({
        labs: [{ ...lab, explanation: 'x'.repeat(501) }],
        medications: [],
        conditions: [],
      }),
      false,
    );
    assert.equal(
      isFindings({ labs: [{ ...lab, extra: 1 }], medications: [], conditions: [] }),
      false,
    );
    assert.equal(isFindings({ labs: [], medications: [] }), false);
  });
});

describe('Claude cost estimate', () => {
  test('priced by model family, dated ids included; unknown models as the default Sonnet', () => {
    assert.equal(claudeCostUsd('claude-sonnet-5-5-20260928', 1_000_000, 0), 2);
    assert.equal(claudeCostUsd('claude-sonnet-4-5-20250929', 0, 1_000_000), 15);
    assert.equal(claudeCostUsd('claude-opus-5-5', 1_000_000, 1_000_000), 24);
    assert.equal(claudeCostUsd('some-future-model', 1_000_000, 1_000_000), 12);
  });
});
