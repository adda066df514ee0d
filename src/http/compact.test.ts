import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Type from 'typebox';
import { compactJson, compactSchema } from './compact.js';

describe('compact shape', () => {
  test('drops null members and empty arrays at any depth, keeps everything else', () => {
    const full = {
      a: null,
      b: [],
      c: 0,
      d: '',
      e: false,
      f: [{ g: null, h: 1, i: [] }],
      j: { k: null, l: [2] },
    };
    assert.deepEqual(compactJson(full), { c: 0, d: '', e: false, f: [{ h: 1 }], j: { l: [2] } });
  });

  test('the schema makes nullable and array members optional and never null or empty', () => {
    const schema = Type.Object({
      name: Type.String(),
      value: Type.Union([Type.Number(), Type.Null()]),
      flag: Type.Union([Type.Literal('low'), Type.Literal('high'), Type.Null()]),
      items: Type.Array(Type.Object({ refs: Type.Array(Type.String()) })),
    });
    const compact = compactSchema(schema, { title: 'compact' }) as {
      title: string;
      required: string[];
      properties: Record<string, Record<string, unknown>>;
    };
    assert.equal(compact.title, 'compact');
    assert.deepEqual(compact.required, ['name']);
    assert.deepEqual(compact.properties.value, { type: 'number' });
    assert.equal((compact.properties.flag!.anyOf as unknown[]).length, 2);
    assert.equal(compact.properties.items!.minItems, 1);
    const item = compact.properties.items!.items as {
      required: string[];
      properties: { refs: { minItems: number } };
    };
    assert.deepEqual(item.required, []);
    assert.equal(item.properties.refs.minItems, 1);
  });
});
