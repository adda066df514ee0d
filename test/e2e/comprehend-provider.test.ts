import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import { makeTextPdf } from '../helpers/documents.js';
import {
  TEST_CREDENTIALS,
  TEST_REGION,
  startAwsJsonServer,
  type AwsCall,
  type AwsJsonServer,
  type AwsReply,
} from '../helpers/providers/aws-json-server.js';
import {
  concept,
  detectEntitiesV2Body,
  entity,
  attribute,
  inferIcd10cmBody,
  inferRxNormBody,
  spanOf,
  trait,
} from '../helpers/providers/comprehend-bodies.js';
import { CANARIES } from '../helpers/providers/documents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** An invented drug the embedded lexicon cannot know: only Comprehend can find it. */
const DRUG = 'Zorvatrin';
const NOTE = [
  `Patient: ${CANARIES.first} ${CANARIES.last}   MRN: ${CANARIES.mrn}`,
  `Address: ${CANARIES.street}   Phone: ${CANARIES.phone}`,
  'Current medications:',
  `${DRUG} 20 mg by mouth daily`,
  'Assessment: patient denies chest pain.',
];

/** A scripted Comprehend Medical: finds the drug and the negated symptom in what it received. */
function comprehend(call: AwsCall): AwsReply {
  const text = typeof call.body.Text === 'string' ? call.body.Text : '';
  const drug = text.includes(DRUG) ? spanOf(text, DRUG) : undefined;
  const pain = text.includes('chest pain') ? spanOf(text, 'chest pain') : undefined;
  switch (call.operation) {
    case 'DetectEntitiesV2':
      return {
        body: detectEntitiesV2Body([
          ...(drug === undefined
            ? []
            : [
                entity(drug, {
                  Category: 'MEDICATION',
                  Type: 'GENERIC_NAME',
                  Attributes: [attribute(spanOf(text, '20 mg'), 'STRENGTH')],
                }),
              ]),
          ...(pain === undefined
            ? []
            : [
                entity(pain, {
                  Category: 'MEDICAL_CONDITION',
                  Type: 'DX_NAME',
                  Traits: [trait('SYMPTOM'), trait('NEGATION')],
                }),
              ]),
        ]),
      };
    case 'InferRxNorm':
      return {
        body: inferRxNormBody(
          drug === undefined
            ? []
            : [
                entity(drug, {
                  Category: 'MEDICATION',
                  Type: 'GENERIC_NAME',
                  RxNormConcepts: [concept('999001', `${DRUG} 20 MG Oral Tablet`, 0.91)],
                }),
              ],
        ),
      };
    case 'InferICD10CM':
      return {
        body: inferIcd10cmBody(
          pain === undefined
            ? []
            : [
                entity(pain, {
                  Category: 'MEDICAL_CONDITION',
                  Type: 'DX_NAME',
                  Traits: [trait('SYMPTOM'), trait('NEGATION')],
                  ICD10CMConcepts: [concept('R07.9', 'Chest pain, unspecified', 0.88)],
                }),
              ],
        ),
      };
    default:
      return { error: 'InvalidRequestException', status: 400 };
  }
}

function awsEnv(url: string, extra: Record<string, string> = {}) {
  return {
    SERENYA_INTERPRETER: 'comprehend',
    AWS_REGION: TEST_REGION,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_COMPREHENDMEDICAL: url,
    SERENYA_PROVIDER_RETRY_DELAY_MS: '5',
    ...extra,
  };
}

async function process(t: TestApp) {
  const client = new SerenyaClient({ baseUrl: t.url, token: await t.token() });
  const { job } = await client.upload(await makeTextPdf([NOTE]), {
    contentType: 'application/pdf',
  });
  const done = await client.waitUntilDone(job.id);
  return { client, job, done };
}

describe('SERENYA_INTERPRETER=comprehend, end to end over HTTP', () => {
  let server: AwsJsonServer;
  let replies: ((call: AwsCall) => AwsReply)[] = [];
  before(async () => {
    server = await startAwsJsonServer({
      service: 'comprehendmedical',
      handler: (call) => (replies.shift() ?? comprehend)(call),
    });
  });
  after(() => server.close());

  test('signed requests, RxNorm and ICD-10-CM codes, negation, and no canary sent', async () => {
    replies = [];
    const t = await startTestApp(awsEnv(server.url));
    try {
      const before = server.calls.length;
      const { client, job, done } = await process(t);
      assert.equal(done.status, 'succeeded');
      const result = await client.result(job.id);
      assert.deepEqual(result.engine, { name: 'amazon-comprehend-medical', version: '2.4.0' });
      const calls = server.calls.slice(before);
      assert.deepEqual(
        calls.map((c) => c.operation),
        ['DetectEntitiesV2', 'InferRxNorm', 'InferICD10CM'],
      );
      assert.equal(server.badSignatures, 0);
      const drug = result.medications.find((m) => m.name === DRUG);
      assert.ok(drug, `medications: ${result.medications.map((m) => m.name).join()}`);
      assert.equal(drug.code?.code, '999001');
      assert.equal(drug.dose, '20 mg');
      assert.equal(drug.line, 4);
      const pain = result.conditions.find((c) => /chest pain/i.test(c.name));
      assert.ok(pain);
      assert.equal(pain.negated, true);
      for (const call of calls)
        for (const canary of Object.values(CANARIES))
          assert.ok(!call.rawBody.includes(canary), `${call.operation} carried ${canary}`);
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      assert.match(
        metrics,
        /serenya_provider_billed_units_total\{provider="comprehend",unit="100_chars"\} \d+/,
      );
      await client.acknowledge(job.id);
      await t.expectNoFiles();
    } finally {
      await t.stop();
    }
  });

  test('ThrottlingException then success: the job succeeds after a retry', async () => {
    replies = [() => ({ error: 'ThrottlingException', status: 400 })];
    const t = await startTestApp(awsEnv(server.url));
    try {
      const { client, job, done } = await process(t);
      assert.equal(done.status, 'succeeded');
      assert.equal((await client.result(job.id)).engine.name, 'amazon-comprehend-medical');
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      assert.match(
        metrics,
        /provider="comprehend",operation="DetectEntitiesV2",result="throttled"\} 1/,
      );
    } finally {
      await t.stop();
    }
  });

  test('down: the job succeeds on the embedded engine with a warning', async () => {
    const down = await startAwsJsonServer({ service: 'comprehendmedical', handler: comprehend });
    await down.close();
    const t = await startTestApp(awsEnv(down.url));
    try {
      const { client, job, done } = await process(t);
      assert.equal(done.status, 'succeeded');
      const result = await client.result(job.id);
      assert.equal(result.engine.name, 'serenya-local');
      assert.ok(
        result.warnings.some((w) => w.includes('Amazon Comprehend Medical was unavailable')),
        result.warnings.join(),
      );
      await client.acknowledge(job.id);
      await t.expectNoFiles();
    } finally {
      await t.stop();
    }
  });
});
