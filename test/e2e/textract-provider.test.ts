import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import {
  TEST_CREDENTIALS,
  TEST_REGION,
  startAwsJsonServer,
  type AwsCall,
  type AwsJsonServer,
  type AwsReply,
} from '../helpers/providers/aws-json-server.js';
import { TextractBlocks } from '../helpers/providers/textract-blocks.js';
import { rasterise } from '../helpers/scans.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

function awsEnv(url: string) {
  return {
    SERENYA_EXTRACTOR: 'textract',
    AWS_REGION: TEST_REGION,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_TEXTRACT: url,
    SERENYA_PROVIDER_RETRY_DELAY_MS: '5',
  };
}

/** Textract's answer for the photo: the lab page of the block generator. */
const analyzed = (): AwsReply => ({ body: new TextractBlocks().analyzeDocument() });

describe('SERENYA_EXTRACTOR=textract, end to end over HTTP', () => {
  let server: AwsJsonServer;
  let photo: Buffer;
  let replies: ((call: AwsCall) => AwsReply)[] = [];
  before(async () => {
    server = await startAwsJsonServer({
      service: 'textract',
      handler: (call) => (replies.shift() ?? analyzed)(call),
    });
    photo = await rasterise(await makeLabReportPdf(SAMPLE_ROWS), 100);
  });
  after(() => server.close());

  async function process(t: TestApp) {
    const client = new SerenyaClient({ baseUrl: t.url, token: await t.token() });
    const { job } = await client.upload(photo, { contentType: 'image/png' });
    const done = await client.waitUntilDone(job.id);
    return { client, job, done };
  }

  test('a photo is read by Textract: table rows become lab results, signed requests', async () => {
    replies = [];
    const t = await startTestApp(awsEnv(server.url));
    try {
      const before = server.calls.length;
      const { client, job, done } = await process(t);
      assert.equal(done.status, 'succeeded');
      const result = await client.result(job.id);
      assert.deepEqual(
        server.calls.slice(before).map((c) => c.operation),
        ['AnalyzeDocument'],
      );
      assert.equal(server.badSignatures, 0);
      assert.deepEqual(result.document.ocrPages, [1]);
      assert.deepEqual(
        result.labs.map((l) => [l.name, l.value, l.flag]),
        [
          ['Hemoglobin', 11.2, 'low'],
          ['Glucose', 126, 'high'],
          ['Creatinine', 0.9, 'normal'],
        ],
      );
      assert.deepEqual(result.warnings, []);
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      assert.match(
        metrics,
        /serenya_provider_billed_units_total\{provider="textract",unit="page"\} 1/,
      );
      assert.match(metrics, /serenya_provider_job_cost_usd_sum\{provider="textract"\} 0\.065/);
      await client.acknowledge(job.id);
      await t.expectNoFiles();
    } finally {
      await t.stop();
    }
  });

  test('throttled, then answered: the job succeeds after a retry', async () => {
    replies = [() => ({ error: 'ProvisionedThroughputExceededException', status: 400 })];
    const t = await startTestApp(awsEnv(server.url));
    try {
      const { client, job, done } = await process(t);
      assert.equal(done.status, 'succeeded');
      assert.equal((await client.result(job.id)).labs.length, 3);
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      assert.match(
        metrics,
        /provider="textract",operation="AnalyzeDocument",result="throttled"\} 1/,
      );
    } finally {
      await t.stop();
    }
  });

  test('down: the embedded OCR reads the photo, and the result says so', async () => {
    const down = await startAwsJsonServer({ service: 'textract', handler: analyzed });
    await down.close();
    const t = await startTestApp(awsEnv(down.url));
    try {
      const { client, job, done } = await process(t);
      assert.equal(done.status, 'succeeded');
      const result = await client.result(job.id);
      assert.ok(result.warnings.some((w) => w.includes('Amazon Textract was unavailable')));
      assert.equal(result.labs.length, SAMPLE_ROWS.length, 'the embedded OCR read every row');
      await client.acknowledge(job.id);
      await t.expectNoFiles();
    } finally {
      await t.stop();
    }
  });
});
