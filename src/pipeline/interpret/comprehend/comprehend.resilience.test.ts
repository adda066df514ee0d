import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import {
  TEST_CREDENTIALS,
  TEST_REGION,
} from '../../../../test/helpers/providers/aws-json-server.js';
import {
  detectEntitiesV2Body,
  entity,
  FAST_SETTINGS,
  NOTHING_LOCAL,
  spanOf,
  startComprehend,
} from '../../../../test/helpers/providers/comprehend-bodies.js';
import { ProviderCaller } from '../../providers/provider-caller.js';
import { ProviderError, type ProviderFailureKind } from '../../providers/provider-error.js';
import { ProviderMetrics } from '../../providers/provider-metrics.js';
import type { OutboundLine } from '../assist/assistant.port.js';
import { ComprehendAssistant, createComprehendClient } from './comprehend.assistant.js';
import { classifyComprehendError } from './comprehend.classify.js';

const LINES: OutboundLine[] = [{ page: 1, line: 2, text: 'Patient denies chest pain.' }];
const signal = () => new AbortController().signal;

const failsWith = (kind: ProviderFailureKind) => (error: unknown) => {
  assert.ok(error instanceof ProviderError, String(error));
  assert.equal(error.kind, kind);
  assert.equal(error.message, `comprehend ${kind}`, 'names provider and kind only');
  return true;
};

const conditionBody = (text: string) =>
  detectEntitiesV2Body([
    entity(spanOf(text, 'chest pain'), { Category: 'MEDICAL_CONDITION', Type: 'DX_NAME' }),
  ]);

test('a throttle, then success: retried after the retry-after the service sent', async () => {
  let tries = 0;
  const harness = await startComprehend({
    handler: ({ operation, body }) => {
      if (operation === 'DetectEntitiesV2' && (tries += 1) === 1)
        return { error: 'ThrottlingException', status: 400, headers: { 'retry-after': '0.2' } };
      return { body: conditionBody(String(body.Text)) };
    },
  });
  try {
    const began = performance.now();
    const reply = await harness.assistant.propose(LINES, NOTHING_LOCAL, signal());
    assert.ok(performance.now() - began >= 180, 'waited for retry-after, not the 1 ms base delay');
    assert.deepEqual(harness.operations(), [
      'DetectEntitiesV2',
      'DetectEntitiesV2',
      'InferICD10CM',
    ]);
    for (const call of harness.server.calls) assert.equal(call.body.Text, LINES[0]?.text);
    assert.equal(reply.proposal.conditions[0]?.name, 'chest pain');
    assert.equal(await harness.requests('throttled', 'DetectEntitiesV2'), 1);
    // Billed once per answered request: the throttled try costs nothing.
    assert.equal((await harness.metrics.billedUnits.get()).values[0]?.value, 6);
  } finally {
    await harness.close();
  }
});

for (const [error, status, kind, tries] of [
  ['InternalServerException', 500, 'server_error', 3],
  ['ServiceUnavailableException', 503, 'overloaded', 3],
  ['TooManyRequestsException', 400, 'throttled', 3],
  ['TextSizeLimitExceededException', 400, 'rejected', 1],
  ['InvalidRequestException', 400, 'rejected', 1],
] as const)
  test(`${error} (${status}) is ${kind}, after ${tries} tries`, async () => {
    const harness = await startComprehend({ handler: () => ({ error, status }) });
    try {
      await assert.rejects(
        harness.assistant.propose(LINES, NOTHING_LOCAL, signal()),
        failsWith(kind),
      );
      assert.equal(harness.server.calls.length, tries);
      assert.ok(harness.server.calls.every((c) => c.operation === 'DetectEntitiesV2'));
      assert.equal(await harness.requests(kind), tries);
    } finally {
      await harness.close();
    }
  });

test('a server that never answers is a timeout, retried', async () => {
  const harness = await startComprehend({
    handler: () => ({ hang: true }),
    settings: { timeoutMs: 200, retries: 1 },
  });
  try {
    await assert.rejects(
      harness.assistant.propose(LINES, NOTHING_LOCAL, signal()),
      failsWith('timeout'),
    );
    assert.equal(harness.server.calls.length, 2);
  } finally {
    await harness.close();
  }
});

test('a truncated body is invalid_response, retried', async () => {
  const harness = await startComprehend({
    handler: () => ({ raw: '{"Entities": [{"Id": 0, "BeginOffset": 15, "Te' }),
  });
  try {
    await assert.rejects(
      harness.assistant.propose(LINES, NOTHING_LOCAL, signal()),
      failsWith('invalid_response'),
    );
    assert.equal(harness.server.calls.length, 3);
  } finally {
    await harness.close();
  }
});

test('a dropped connection is a network failure, retried', async () => {
  const harness = await startComprehend({ handler: () => ({ destroy: true }) });
  try {
    await assert.rejects(
      harness.assistant.propose(LINES, NOTHING_LOCAL, signal()),
      failsWith('network'),
    );
    assert.equal(harness.server.calls.length, 3);
  } finally {
    await harness.close();
  }
});

for (const [label, reply] of [
  ['Entities not an array', () => ({ Entities: 'none', ModelVersion: '2.4.0' })],
  ['an empty answer', () => ({})],
  [
    'an offset past the text',
    (text: string) =>
      detectEntitiesV2Body([
        {
          ...entity(spanOf(text, 'chest pain'), { Category: 'MEDICAL_CONDITION', Type: 'DX_NAME' }),
          EndOffset: text.length + 5,
        },
      ]),
  ],
  [
    'an offset that is not a number',
    (text: string) =>
      detectEntitiesV2Body([
        {
          ...entity(spanOf(text, 'chest'), { Category: 'MEDICAL_CONDITION', Type: 'DX_NAME' }),
          BeginOffset: '3',
        },
      ]),
  ],
] as const)
  test(`${label} is invalid_response, retried`, async () => {
    const harness = await startComprehend({
      handler: ({ body }) => ({ body: reply(String(body.Text)) }),
      settings: { retries: 1 },
    });
    try {
      await assert.rejects(
        harness.assistant.propose(LINES, NOTHING_LOCAL, signal()),
        failsWith('invalid_response'),
      );
      assert.equal(harness.server.calls.length, 2);
      assert.equal(await harness.requests('invalid_response', 'DetectEntitiesV2'), 2);
    } finally {
      await harness.close();
    }
  });

test('a wrong secret key: the signature fails and the error is rejected, not retried', async () => {
  const harness = await startComprehend({
    handler: ({ body }) => ({ body: conditionBody(String(body.Text)) }),
    secretAccessKey: 'not-the-secret-the-server-knows',
  });
  try {
    await assert.rejects(harness.assistant.propose(LINES, NOTHING_LOCAL, signal()), (error) => {
      assert.ok(failsWith('rejected')(error) && error instanceof ProviderError);
      assert.equal(error.status, 403);
      return true;
    });
    assert.equal(harness.server.badSignatures, 1);
    assert.equal(harness.server.calls.length, 0);
  } finally {
    await harness.close();
  }
});

test('the circuit opens after the threshold; the next call does not reach the server', async () => {
  const harness = await startComprehend({
    handler: () => ({ error: 'InternalServerException', status: 500 }),
    settings: { retries: 0, breakerThreshold: 2 },
  });
  try {
    for (let i = 0; i < 2; i += 1)
      await assert.rejects(
        harness.assistant.propose(LINES, NOTHING_LOCAL, signal()),
        failsWith('server_error'),
      );
    assert.ok(harness.caller.circuitOpen);
    await assert.rejects(
      harness.assistant.propose(LINES, NOTHING_LOCAL, signal()),
      failsWith('circuit_open'),
    );
    assert.equal(harness.server.calls.length, 2);
    assert.equal(await harness.requests('circuit_open'), 1);
  } finally {
    await harness.close();
  }
});

test('cancelling the job stops the call and counts no failure', async () => {
  const job = new AbortController();
  const reason = new Error('job cancelled');
  const harness = await startComprehend({
    handler: () => {
      setTimeout(() => job.abort(reason), 20);
      return { hang: true };
    },
    settings: { breakerThreshold: 1 },
  });
  try {
    await assert.rejects(harness.assistant.propose(LINES, NOTHING_LOCAL, job.signal), (error) => {
      assert.equal(error, reason);
      return true;
    });
    assert.equal(harness.server.calls.length, 1, 'not retried');
    const { values } = await harness.metrics.requests.get();
    assert.deepEqual(values, [], 'no try counted, ok or failed');
    assert.equal(harness.caller.circuitOpen, false);
  } finally {
    await harness.close();
  }
});

test('nothing listening is a network failure', async () => {
  const metrics = new ProviderMetrics(new Registry());
  const caller = new ProviderCaller({
    provider: 'comprehend',
    settings: { ...FAST_SETTINGS, retries: 1 },
    metrics,
    classify: classifyComprehendError,
  });
  const client = createComprehendClient({
    region: TEST_REGION,
    endpoint: 'http://127.0.0.1:9',
    credentials: TEST_CREDENTIALS,
  });
  try {
    const assistant = new ComprehendAssistant({ client, caller, metrics });
    await assert.rejects(assistant.propose(LINES, NOTHING_LOCAL, signal()), failsWith('network'));
    const { values } = await metrics.requests.get();
    assert.equal(values.find((v) => v.labels.result === 'network')?.value, 2);
  } finally {
    client.destroy();
  }
});
