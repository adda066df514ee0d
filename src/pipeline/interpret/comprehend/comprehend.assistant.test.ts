import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  attribute,
  concept,
  detectEntitiesV2Body,
  entity,
  inferIcd10cmBody,
  inferRxNormBody,
  NOTHING_LOCAL,
  spanOf,
  startComprehend,
  trait,
} from '../../../../test/helpers/providers/comprehend-bodies.js';
import type { OutboundLine } from '../assist/assistant.port.js';
import { ICD10CM_SYSTEM, RXNORM_SYSTEM } from './comprehend-entities.js';

const signal = () => new AbortController().signal;
const textOf = (lines: readonly OutboundLine[]) => lines.map((l) => l.text).join('\n');

test('medications on two pages: dose, route, frequency and RxNorm code, on the cited line', async () => {
  const lines: OutboundLine[] = [
    { page: 1, line: 1, text: 'Medication list for [NAME]' },
    { page: 1, line: 3, text: 'Metformin 500 mg by mouth twice daily' },
    { page: 2, line: 1, text: 'Continue lisinopril 10 mg oral once daily' },
    { page: 2, line: 2, text: 'Aspirin 81 mg daily' },
  ];
  const harness = await startComprehend({
    handler: ({ operation, body }) => {
      const text = String(body.Text);
      const at = (needle: string) => spanOf(text, needle);
      if (operation === 'DetectEntitiesV2')
        return {
          body: detectEntitiesV2Body([
            entity(at('[NAME]'), { Category: 'MEDICATION', Type: 'GENERIC_NAME', Score: 0.8 }),
            entity(at('Metformin'), {
              Category: 'MEDICATION',
              Type: 'GENERIC_NAME',
              Score: 0.99,
              Attributes: [
                attribute(at('500 mg'), 'STRENGTH'),
                attribute(at('by mouth'), 'ROUTE_OR_MODE'),
                attribute(at('twice daily'), 'FREQUENCY'),
              ],
            }),
            entity(at('lisinopril'), {
              Category: 'MEDICATION',
              Type: 'GENERIC_NAME',
              Attributes: [
                attribute(at('10 mg'), 'DOSAGE'),
                attribute(at('oral'), 'ROUTE_OR_MODE'),
                attribute(at('once daily'), 'FREQUENCY', 0.3),
              ],
            }),
            entity(at('Aspirin'), { Category: 'MEDICATION', Type: 'GENERIC_NAME', Score: 0.3 }),
          ]),
        };
      return {
        body: inferRxNormBody([
          entity(at('Metformin'), {
            Category: 'MEDICATION',
            Type: 'GENERIC_NAME',
            RxNormConcepts: [
              concept('861007', 'metformin hydrochloride 500 MG Oral Tablet', 0.81),
              concept('6809', 'metformin', 0.92),
            ],
          }),
          entity(at('lisinopril'), {
            Category: 'MEDICATION',
            Type: 'GENERIC_NAME',
            RxNormConcepts: [concept('29046', 'lisinopril', 0.45)],
          }),
        ]),
      };
    },
  });
  try {
    const reply = await harness.assistant.propose(lines, NOTHING_LOCAL, signal());
    assert.deepEqual(harness.operations(), ['DetectEntitiesV2', 'InferRxNorm']);
    for (const call of harness.server.calls) assert.equal(call.body.Text, textOf(lines));
    assert.equal(reply.proposal.medications.length, 2);
    const [metformin, lisinopril] = reply.proposal.medications;
    assert.deepEqual(
      { ...metformin },
      {
        page: 1,
        line: 3,
        name: 'Metformin',
        dose: '500 mg',
        route: 'by mouth',
        frequency: 'twice daily',
        code: { system: RXNORM_SYSTEM, code: '6809', display: 'metformin' },
        score: 0.99,
      },
    );
    assert.equal(lisinopril?.page, 2);
    assert.equal(lisinopril.line, 1);
    assert.equal(lisinopril.dose, '10 mg');
    assert.equal(lisinopril.route, 'oral');
    assert.equal(lisinopril.frequency, undefined, 'an attribute scored under 0.5 is dropped');
    assert.equal(lisinopril.code, undefined, 'a concept scored under 0.5 is not linked');
    assert.deepEqual(reply.proposal.conditions, []);
    assert.deepEqual(reply.engine, { name: 'amazon-comprehend-medical', version: '2.4.0' });
    // 126 characters: 2 units, billed at the 3-unit minimum, for each of the two requests.
    assert.equal(textOf(lines).length, 126);
    assert.equal((await harness.metrics.billedUnits.get()).values[0]?.value, 6);
    assert.ok(Math.abs(reply.costUsd - 0.06) < 1e-9);
  } finally {
    await harness.close();
  }
});

test('a negated condition is proposed negated, with its ICD-10-CM code', async () => {
  const lines: OutboundLine[] = [
    { page: 1, line: 4, text: 'Chief complaint: shortness of breath' },
    { page: 1, line: 5, text: 'Patient denies chest pain.' },
    { page: 2, line: 1, text: 'Family history: mother had breast cancer' },
  ];
  const harness = await startComprehend({
    handler: ({ operation, body }) => {
      const at = (needle: string) => spanOf(String(body.Text), needle);
      const dx = { Category: 'MEDICAL_CONDITION', Type: 'DX_NAME' };
      if (operation === 'DetectEntitiesV2')
        return {
          body: detectEntitiesV2Body([
            entity(at('shortness of breath'), { ...dx, Traits: [trait('SYMPTOM', 0.8)] }),
            entity(at('chest pain'), {
              ...dx,
              Traits: [trait('SYMPTOM', 0.93), trait('NEGATION', 0.96)],
            }),
            entity(at('breast cancer'), { ...dx, Traits: [trait('PERTAINS_TO_FAMILY', 0.9)] }),
          ]),
        };
      return {
        body: inferIcd10cmBody([
          entity(at('chest pain'), {
            ...dx,
            Traits: [trait('SYMPTOM', 0.93), trait('NEGATION', 0.96)],
            ICD10CMConcepts: [
              concept('R07.9', 'Chest pain, unspecified', 0.82),
              concept('R07.89', 'Other chest pain', 0.61),
            ],
          }),
          entity(at('shortness of breath'), {
            ...dx,
            ICD10CMConcepts: [concept('R06.02', 'Shortness of breath', 0.9)],
          }),
        ]),
      };
    },
  });
  try {
    const reply = await harness.assistant.propose(lines, NOTHING_LOCAL, signal());
    assert.deepEqual(harness.operations(), ['DetectEntitiesV2', 'InferICD10CM']);
    for (const call of harness.server.calls) assert.equal(call.body.Text, textOf(lines));
    const [breath, chest, ...rest] = reply.proposal.conditions;
    assert.deepEqual(rest, [], "a relative's condition is not the patient's");
    assert.equal(breath?.negated, false);
    assert.equal(breath.code?.code, 'R06.02');
    assert.deepEqual(
      { ...chest },
      {
        page: 1,
        line: 5,
        name: 'chest pain',
        negated: true,
        code: { system: ICD10CM_SYSTEM, code: 'R07.9', display: 'Chest pain, unspecified' },
        score: 0.97,
      },
    );
    assert.deepEqual(reply.proposal.medications, []);
  } finally {
    await harness.close();
  }
});

test('a long document goes in chunks of whole lines, and offsets map back in the second', async () => {
  const lines: OutboundLine[] = [];
  for (let i = 1; i <= 100; i += 1)
    lines.push({
      page: i <= 50 ? 1 : 2,
      line: i <= 50 ? i : i - 50,
      text: `Note ${i} — température 37,5 °C — dose 5 µg — ${'—'.repeat(80)} ✓`,
    });
  const drugAt = 90;
  lines[drugAt - 1] = { page: 2, line: drugAt - 50, text: 'Résumé: metformin 500 mg daily ✓' };
  assert.ok(Buffer.byteLength(textOf(lines)) > 20_000);
  const harness = await startComprehend({
    handler: ({ operation, body }) => {
      const text = String(body.Text);
      const found = text.includes('metformin')
        ? [entity(spanOf(text, 'metformin'), { Category: 'MEDICATION', Type: 'GENERIC_NAME' })]
        : [];
      if (operation === 'DetectEntitiesV2') return { body: detectEntitiesV2Body(found) };
      return { body: inferRxNormBody(found) };
    },
  });
  try {
    const reply = await harness.assistant.propose(lines, NOTHING_LOCAL, signal());
    const detects = harness.server.calls.filter((c) => c.operation === 'DetectEntitiesV2');
    const texts = detects.map((c) => String(c.body.Text));
    assert.equal(texts.length, 2);
    // Three-byte dashes: the byte limit, not the character limit, closes the first chunk.
    assert.ok(Buffer.byteLength(texts[0] ?? '') > 18_500 && (texts[0] ?? '').length < 9_000);
    for (const text of texts) {
      assert.ok(Buffer.byteLength(text) <= 19_000, `${Buffer.byteLength(text)} bytes`);
      assert.ok(text.length <= 9_500, `${text.length} characters`);
    }
    assert.deepEqual(
      texts.flatMap((t) => t.split('\n')),
      lines.map((l) => l.text),
      'every line sent once, whole, in order',
    );
    assert.ok(!texts[0]?.includes('metformin') && texts[1]?.includes('metformin'));
    assert.deepEqual(harness.operations(), ['DetectEntitiesV2', 'DetectEntitiesV2', 'InferRxNorm']);
    assert.equal(harness.server.calls[2]?.body.Text, texts[1], 'InferRxNorm reads the same chunk');
    assert.deepEqual(
      reply.proposal.medications.map((m) => [m.page, m.line, m.name]),
      [[2, drugAt - 50, 'metformin']],
    );
  } finally {
    await harness.close();
  }
});

test('no text, no call', async () => {
  const harness = await startComprehend({ handler: () => ({ body: detectEntitiesV2Body([]) }) });
  try {
    const reply = await harness.assistant.propose(
      [{ page: 1, line: 1, text: '   ' }],
      NOTHING_LOCAL,
      signal(),
    );
    assert.equal(harness.server.calls.length, 0);
    assert.deepEqual(reply.proposal, { labs: [], medications: [], conditions: [] });
    assert.equal(reply.costUsd, 0);
  } finally {
    await harness.close();
  }
});
