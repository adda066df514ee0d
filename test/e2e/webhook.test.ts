import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import { verifyWebhookSignature } from '../../src/notify/webhook-signature.js';
import { makeLabReportPdf } from '../helpers/documents.js';
import { eventually, startTestApp, type TestApp } from '../helpers/test-app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

/** The patient's name in the document and the user id: neither may reach the webhook. */
const CANARY = `Qwxyz${Date.now().toString(36)}Canary`;
const USER = `user-${CANARY}`;
const SECRET = 'e2e-webhook-secret-'.padEnd(48, 'k');

describe('completion webhook: the app notifies a real receiver (real sockets)', () => {
  let receiver: WebhookReceiver;
  let t: TestApp;
  let client: SerenyaClient;
  let token: string;

  before(async () => {
    receiver = await startWebhookReceiver(() => ({ status: 204 }));
    t = await startTestApp({
      SERENYA_WEBHOOK_URL: `${receiver.url}/hooks/serenya`,
      SERENYA_WEBHOOK_SECRET: SECRET,
      SERENYA_WEBHOOK_ALLOWED_CIDRS: '127.0.0.1/32',
      SERENYA_WEBHOOK_RETRY_BASE_DELAY_MS: '20',
    });
    token = await t.token(USER);
    client = new SerenyaClient({ baseUrl: t.url, token });
  });
  after(async () => {
    await t.stop();
    await receiver.close();
  });

  async function upload(body: Buffer): Promise<string> {
    const response = await fetch(`${t.url}/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
      body,
    });
    assert.equal(response.status, 202);
    return ((await response.json()) as { job: { id: string } }).job.id;
  }

  /** The one notice for `jobId`, after checking its signature and that it carries no PHI. */
  async function noticeFor(jobId: string): Promise<Record<string, unknown>> {
    const mine = await eventually(() => {
      const found = receiver.received.filter((request) => request.body.includes(jobId));
      return found.length > 0 ? found : undefined;
    }, 5000);
    assert.equal(mine.length, 1, 'one request for the job');
    const [request] = mine;
    assert.ok(request !== undefined);
    assert.equal(request.path, '/hooks/serenya');
    const signature = request.headers['serenya-signature'];
    assert.ok(typeof signature === 'string');
    assert.equal(verifyWebhookSignature(SECRET, signature, request.body, 300), true);
    assert.ok(!request.body.includes(CANARY), 'no patient name, no user id');
    assert.ok(!JSON.stringify(request.headers).includes(CANARY));
    return JSON.parse(request.body) as Record<string, unknown>;
  }

  test('a processed lab report → one signed job.succeeded with its id, and no content', async () => {
    const pdf = await makeLabReportPdf(
      [{ name: 'Glucose', value: '126', unit: 'mg/dL', range: '70 - 99' }],
      { header: [`Patient: ${CANARY} Smith`] },
    );
    const jobId = await upload(pdf);
    assert.equal((await client.waitUntilDone(jobId)).status, 'succeeded');
    assert.ok(JSON.stringify(await client.result(jobId)).includes(CANARY), 'positive control');

    const notice = await noticeFor(jobId);
    assert.deepEqual(Object.keys(notice).sort(), [
      'deliveryId',
      'jobId',
      'occurredAt',
      'status',
      'type',
    ]);
    assert.equal(notice.type, 'job.succeeded');
    assert.equal(notice.jobId, jobId);
    assert.equal(notice.status, 'succeeded');
    assert.ok(Math.abs(Date.parse(String(notice.occurredAt)) - Date.now()) < 60_000);
    await client.acknowledge(jobId);
  });

  test('a corrupt upload → one signed job.failed with the error code', async () => {
    const corrupt = Buffer.concat([
      Buffer.from(`%PDF-1.7\n% ${CANARY}\n`),
      Buffer.alloc(2000, 0x41),
    ]);
    const jobId = await upload(corrupt);
    const done = await client.waitUntilDone(jobId);
    assert.equal(done.status, 'failed');
    assert.equal(done.error?.code, 'corrupt_document');

    const notice = await noticeFor(jobId);
    assert.deepEqual(notice, {
      type: 'job.failed',
      jobId,
      status: 'failed',
      code: 'corrupt_document',
      occurredAt: notice.occurredAt,
      deliveryId: notice.deliveryId,
    });
  });

  test('deliveries are counted, and the logs and metrics stay free of the canary', async () => {
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    assert.match(metrics, /serenya_webhook_deliveries_total\{result="delivered"\} 2/);
    assert.equal(receiver.received.length, 2);
    assert.ok(!metrics.includes(CANARY));
    assert.ok(!t.logs.text.includes(CANARY));
    assert.ok(!t.logs.text.includes(SECRET));
  });

  test('a receiver that never answers neither delays the job nor holds shutdown', async () => {
    const silent = await startWebhookReceiver(() => 'hang');
    const other = await startTestApp({
      SERENYA_WEBHOOK_URL: silent.url,
      SERENYA_WEBHOOK_SECRET: SECRET,
      SERENYA_WEBHOOK_ALLOWED_CIDRS: '127.0.0.1/32',
      SERENYA_WEBHOOK_TIMEOUT_MS: '60000',
      SERENYA_SHUTDOWN_GRACE_SECONDS: '1',
    });
    try {
      const otherToken = await other.token(USER);
      const response = await fetch(`${other.url}/v1/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${otherToken}`, 'content-type': 'application/pdf' },
        body: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41)]),
      });
      const { job } = (await response.json()) as { job: { id: string } };
      const began = performance.now();
      const done = await new SerenyaClient({ baseUrl: other.url, token: otherToken }).waitUntilDone(
        job.id,
      );
      assert.equal(done.status, 'failed');
      assert.ok(performance.now() - began < 5000, 'the job ended while its notice hung');
      await silent.waitFor(1);
      const stopping = performance.now();
      await other.stop();
      const took = performance.now() - stopping;
      assert.ok(took < 5000, `stop took ${Math.round(took)} ms`);
      assert.equal(other.logs.audit('job.failed').length, 1);
      assert.match(other.logs.text, /webhook delivery (failed|abandoned)/);
    } finally {
      await other.stop();
      await silent.close();
    }
  });
});
