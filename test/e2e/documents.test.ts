import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiProblemError, SerenyaClient, type JobEvent } from '../../src/client/serenya-client.js';
import { SAMPLE_ROWS, makeLabReportPdf, makeTextPdf } from '../helpers/documents.js';
import { eventually, startTestApp, type TestApp } from '../helpers/test-app.js';

describe('documents: upload, progress, result, acknowledge (real socket)', () => {
  let t: TestApp;
  let client: SerenyaClient;
  let report: Buffer;

  before(async () => {
    t = await startTestApp();
    client = new SerenyaClient({ baseUrl: t.url, token: await t.token('user-a') });
    report = await makeLabReportPdf(SAMPLE_ROWS);
  });
  after(() => t.stop());

  test('raw PDF upload → 202 with a queued job and a Location header', async () => {
    const response = await fetch(`${t.url}/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token()}`, 'content-type': 'application/pdf' },
      body: report,
    });
    assert.equal(response.status, 202);
    const { job } = (await response.json()) as {
      job: { id: string; status: string; links: { self: string } };
    };
    assert.match(job.id, /^[0-9a-f-]{36}$/);
    assert.ok(['queued', 'processing', 'succeeded'].includes(job.status));
    assert.equal(response.headers.get('location'), `/v1/jobs/${job.id}`);
    assert.equal(job.links.self, `/v1/jobs/${job.id}`);
    const done = await client.waitUntilDone(job.id);
    assert.equal(done.status, 'succeeded');
    await client.acknowledge(job.id);
  });

  test('the result carries the document block, page text and the parsed labs', async () => {
    const { job } = await client.upload(report, { contentType: 'application/pdf' });
    const done = await client.waitUntilDone(job.id);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.progress.percent, 100);
    const result = await client.result(job.id);
    assert.equal(result.schemaVersion, '1');
    assert.equal(result.jobId, job.id);
    assert.deepEqual(result.document, {
      mediaType: 'application/pdf',
      pages: 1,
      ocrPages: [],
      language: 'en',
    });
    assert.equal(result.engine.name, 'serenya-local');
    assert.equal(result.labs.length, SAMPLE_ROWS.length);
    for (const [index, row] of SAMPLE_ROWS.entries()) {
      const lab = result.labs[index]!;
      assert.equal(lab.name, row.name);
      assert.equal(lab.valueText, row.value);
      assert.equal(lab.unit, row.unit);
      assert.equal(lab.referenceRange?.text.replace(/\s+/g, ''), row.range.replace(/\s+/g, ''));
    }
    const flagged = result.labs.filter((lab) => lab.flag !== 'normal').map((lab) => lab.name);
    assert.deepEqual(flagged, ['Hemoglobin', 'Glucose']);
    assert.match(result.summary.headline, /^2 of 5 results are outside the reference range/);
    assert.equal(result.summary.items.length, 2);
    assert.ok(result.summary.disclaimer.length > 20);
    assert.match(result.pageTexts[0]!.text, /Hemoglobin\s+11\.2\s+g\/dL/);
    // Repeatable until acknowledged.
    assert.deepEqual(await client.result(job.id), result);
    await client.acknowledge(job.id);
  });

  test('multipart upload with field "file" works like a raw upload', async () => {
    const form = new FormData();
    form.append('note', 'ignored');
    form.append('file', new Blob([report], { type: 'application/pdf' }), 'lab.pdf');
    const response = await fetch(`${t.url}/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token()}` },
      body: form,
    });
    assert.equal(response.status, 202);
    const { job } = (await response.json()) as { job: { id: string } };
    assert.equal((await client.waitUntilDone(job.id)).status, 'succeeded');
    assert.equal((await client.result(job.id)).labs.length, SAMPLE_ROWS.length);
    await client.acknowledge(job.id);
  });

  test('multipart without a "file" field → 400 bad_request', async () => {
    const form = new FormData();
    form.append('document', new Blob([report], { type: 'application/pdf' }), 'lab.pdf');
    const response = await fetch(`${t.url}/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token()}` },
      body: form,
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { code: string }).code, 'bad_request');
  });

  test('Prefer: wait=N answers 200 with the result when it is ready in time', async () => {
    const response = await fetch(`${t.url}/v1/documents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await t.token()}`,
        'content-type': 'application/pdf',
        prefer: 'wait=20',
      },
      body: report,
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('preference-applied'), 'wait=20');
    const body = (await response.json()) as {
      job: { id: string; status: string };
      result: { labs: unknown[] };
    };
    assert.equal(body.job.status, 'succeeded');
    assert.equal(body.result.labs.length, SAMPLE_ROWS.length);
    await client.acknowledge(body.job.id);
  });

  test('Idempotency-Key returns the same job for a retried upload', async () => {
    const key = `retry-${Date.now()}`;
    const first = await client.upload(report, {
      contentType: 'application/pdf',
      idempotencyKey: key,
    });
    const second = await client.upload(report, {
      contentType: 'application/pdf',
      idempotencyKey: key,
    });
    assert.equal(second.job.id, first.job.id);
    // Concurrent retries converge on one job too.
    const key2 = `concurrent-${Date.now()}`;
    const both = await Promise.all([
      client.upload(report, { contentType: 'application/pdf', idempotencyKey: key2 }),
      client.upload(report, { contentType: 'application/pdf', idempotencyKey: key2 }),
    ]);
    assert.equal(both[0].job.id, both[1].job.id);
    // The same key from another user is that user's own key.
    const other = new SerenyaClient({ baseUrl: t.url, token: await t.token('user-b') });
    const theirs = await other.upload(report, {
      contentType: 'application/pdf',
      idempotencyKey: key,
    });
    assert.notEqual(theirs.job.id, first.job.id);
    for (const id of [first.job.id, both[0].job.id]) {
      await client.waitUntilDone(id);
      await client.acknowledge(id);
    }
    await other.waitUntilDone(theirs.job.id);
    await other.purge();
  });

  test('SSE reports progress and status in order and ends at a terminal status', async () => {
    const pages = Array.from({ length: 4 }, (_, i) => [
      `Page ${i + 1}`,
      'Sodium 140 mmol/L 135 - 145',
    ]);
    const { job } = await client.upload(await makeTextPdf(pages), {
      contentType: 'application/pdf',
    });
    const events: JobEvent[] = [];
    for await (const event of client.events(job.id)) events.push(event);
    assert.ok(events.length >= 2, 'at least the first state and the terminal state');
    const last = events.at(-1)!;
    assert.equal(last.event, 'status');
    assert.equal(last.job.status, 'succeeded');
    const versions = events.map((e) => Number(e.id));
    assert.deepEqual(
      [...versions].sort((a, b) => a - b),
      versions,
      'event ids increase',
    );
    const percents = events.map((e) => e.job.progress.percent);
    assert.deepEqual(
      [...percents].sort((a, b) => a - b),
      percents,
      'progress never goes back',
    );
    await client.acknowledge(job.id);
  });

  test('GET /v1/jobs/{id} shows status and progress with the documented fields', async () => {
    const { job } = await client.upload(report, { contentType: 'application/pdf' });
    const view = await client.job(job.id);
    assert.deepEqual(Object.keys(view).sort(), [
      'attempts',
      'createdAt',
      'expiresAt',
      'id',
      'links',
      'progress',
      'status',
    ]);
    const expires = Date.parse(view.expiresAt) - Date.parse(view.createdAt);
    assert.equal(expires, 3600 * 1000);
    await client.waitUntilDone(job.id);
    await client.acknowledge(job.id);
  });

  test('DELETE acknowledges: a receipt lists what was deleted; the result then answers 410', async () => {
    const { job } = await client.upload(report, { contentType: 'application/pdf' });
    await client.waitUntilDone(job.id);
    const receipt = await client.acknowledge(job.id);
    assert.equal(receipt.jobId, job.id);
    assert.equal(receipt.action, 'acknowledged');
    assert.ok(Date.parse(receipt.deletedAt) > 0);
    const byKind = Object.fromEntries(receipt.deleted.map((d) => [d.artefact, d.existed]));
    // The upload is deleted right after success, so it may or may not still have been there.
    assert.deepEqual(Object.keys(byKind).sort(), ['data-keys', 'result', 'upload']);
    assert.equal(byKind.result, true);
    assert.equal(byKind['data-keys'], true);
    await assert.rejects(client.result(job.id), (error: unknown) => {
      assert.ok(error instanceof ApiProblemError);
      assert.equal(error.problem.status, 410);
      assert.equal(error.problem.code, 'expired');
      return true;
    });
    // A repeated DELETE is harmless and says nothing was left.
    const again = await client.acknowledge(job.id);
    assert.ok(again.deleted.every((d) => !d.existed));
    assert.deepEqual(await t.files(), []);
  });

  test("another user's job answers 404 exactly like an unknown id", async () => {
    const { job } = await client.upload(report, { contentType: 'application/pdf' });
    const stranger = await t.token('user-mallory');
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [method, suffix] of [
      ['GET', ''],
      ['GET', '/result'],
      ['GET', '/events'],
      ['DELETE', ''],
    ] as const) {
      const theirs = await fetch(`${t.url}/v1/jobs/${job.id}${suffix}`, {
        method,
        headers: { authorization: `Bearer ${stranger}` },
      });
      const none = await fetch(`${t.url}/v1/jobs/${unknown}${suffix}`, {
        method,
        headers: { authorization: `Bearer ${stranger}` },
      });
      assert.equal(theirs.status, 404, `${method} ${suffix}`);
      assert.equal(none.status, 404);
      const [a, b] = (await Promise.all([theirs.json(), none.json()])) as Record<string, unknown>[];
      delete a!.instance;
      delete b!.instance;
      assert.deepEqual(a, b, 'identical bodies');
    }
    // The owner's job is untouched by the stranger's DELETE.
    assert.equal((await client.waitUntilDone(job.id)).status, 'succeeded');
    await client.acknowledge(job.id);
  });

  test('a malformed job id answers 404 too', async () => {
    const response = await fetch(`${t.url}/v1/jobs/..%2F..%2Fetc%2Fpasswd`, {
      headers: { authorization: `Bearer ${await t.token()}` },
    });
    assert.equal(response.status, 404);
  });

  test('after everything is acknowledged, no file is left under the temp directory', async () => {
    await eventually(
      async () => ((await t.files()).length === 0 ? true : undefined),
      5000,
      'empty temp dir',
    );
  });
});
