import assert from 'node:assert/strict';
import { rename, rm, writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('operations: health, readiness, metrics, OpenAPI, docs', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    const client = new SerenyaClient({ baseUrl: t.url, token: await t.token() });
    const { job } = await client.upload(await makeLabReportPdf(SAMPLE_ROWS), {
      contentType: 'application/pdf',
    });
    await client.waitUntilDone(job.id);
    await client.acknowledge(job.id);
  });
  after(() => t.stop());

  test('/healthz answers ok', async () => {
    const response = await fetch(`${t.url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  test('/readyz checks the store and the queue; an unusable store makes it 503', async () => {
    const ready = await fetch(`${t.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', checks: { store: 'ok', queue: 'ok' } });
    // A regular file where the store's directory should be (works even as root).
    await rename(t.tmpDir, `${t.tmpDir}.moved`);
    await writeFile(t.tmpDir, 'not a directory');
    try {
      const broken = await fetch(`${t.url}/readyz`);
      assert.equal(broken.status, 503);
      assert.deepEqual(await broken.json(), {
        status: 'unavailable',
        checks: { store: 'failing', queue: 'ok' },
      });
    } finally {
      await rm(t.tmpDir);
      await rename(`${t.tmpDir}.moved`, t.tmpDir);
    }
    assert.equal((await fetch(`${t.url}/readyz`)).status, 200);
  });

  test('/metrics exposes processing durations by stage, outcomes, bytes and queue depth', async () => {
    const response = await fetch(`${t.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/plain/);
    const text = await response.text();
    for (const stage of ['decrypt', 'validate', 'extract', 'interpret', 'format', 'store'])
      assert.match(
        text,
        new RegExp(`serenya_stage_duration_seconds_count\\{stage="${stage}"\\} 1`),
      );
    assert.match(text, /serenya_jobs_total\{outcome="succeeded"\} 1/);
    assert.match(text, /serenya_upload_bytes_total [1-9]\d*/);
    assert.match(text, /serenya_queue_depth\{state="waiting"\} 0/);
    assert.match(text, /serenya_objects_deleted_total\{reason="acknowledged"\} 1/);
    assert.match(
      text,
      /serenya_http_requests_total\{route="\/v1\/documents",method="POST",status="202"\} 1/,
    );
    assert.match(text, /process_resident_memory_bytes/);
    assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-/, 'no job ids in labels');
  });

  test('/openapi.json is a valid OpenAPI 3.1 document describing every route', async () => {
    const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    };
    assert.equal(doc.openapi, '3.1.0');
    const validator = new Validator();
    const result = await validator.validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    for (const [path, method] of [
      ['/v1/documents', 'post'],
      ['/v1/jobs/{id}', 'get'],
      ['/v1/jobs/{id}', 'delete'],
      ['/v1/jobs/{id}/events', 'get'],
      ['/v1/jobs/{id}/result', 'get'],
      ['/v1/me/data', 'delete'],
      ['/v1/uploads', 'post'],
      ['/v1/uploads', 'options'],
      ['/v1/uploads/{id}', 'head'],
      ['/v1/uploads/{id}', 'patch'],
      ['/v1/uploads/{id}', 'delete'],
      ['/healthz', 'get'],
      ['/readyz', 'get'],
      ['/metrics', 'get'],
    ] as const)
      assert.ok(doc.paths[path]?.[method] !== undefined, `${method} ${path}`);
    const upload = doc.paths['/v1/documents']!.post!.requestBody!.content;
    assert.deepEqual(Object.keys(upload).sort(), [
      'application/octet-stream',
      'application/pdf',
      'image/heic',
      'image/heif',
      'image/jpeg',
      'image/png',
      'multipart/form-data',
    ]);
  });

  test('/docs serves the Swagger UI', async () => {
    const response = await fetch(`${t.url}/docs/`, { redirect: 'follow' });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /swagger-ui/i);
  });

  test('unknown routes answer problem+json 404', async () => {
    const response = await fetch(`${t.url}/nope`);
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(((await response.json()) as { code: string }).code, 'not_found');
  });

  test('security headers are set on API answers', async () => {
    const response = await fetch(`${t.url}/v1/jobs/x`, {
      headers: { authorization: `Bearer ${await t.token()}` },
    });
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('cache-control'), 'no-store');
  });
});
