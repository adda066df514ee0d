import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import { LocalInterpreter } from '../../src/pipeline/interpret/local.interpreter.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { createUpload } from '../helpers/tus-requests.js';

// Resumable uploads under faults: expiry, a full queue at completion, a completion that dies.

describe('resumable uploads expire with the job TTL', () => {
  let t: TestApp;
  const clock = { offset: 0 };

  before(async () => {
    t = await startTestApp({}, { now: () => Date.now() + clock.offset });
  });
  after(() => t.stop());

  test('an unfinished upload answers 410 after the TTL and the sweeper deletes its chunks', async () => {
    const token = await t.token('user-slow');
    const report = await makeLabReportPdf(SAMPLE_ROWS);
    const { url, headers, patch } = await createUpload(t.url, token, report.length);
    const sent = await patch(0, report.subarray(0, 500));
    assert.equal(sent.status, 204);
    assert.ok(sent.headers.get('upload-expires'), 'the client is told when the upload expires');
    assert.equal((await t.files()).length, 1);
    clock.offset = (t.app.config.jobs.ttlSeconds + 1) * 1000;
    assert.equal((await fetch(url, { method: 'HEAD', headers })).status, 410);
    await t.app.sweeper.sweep({ everything: false });
    assert.deepEqual(await t.files(), [], 'the chunk is gone');
    assert.equal((await fetch(url, { method: 'HEAD', headers })).status, 404);
  });
});

describe('a resumable upload completing while the queue is full', () => {
  let t: TestApp;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));

  before(async () => {
    const local = new LocalInterpreter();
    t = await startTestApp(
      { SERENYA_WORKER_CONCURRENCY: '1', SERENYA_MAX_QUEUED_JOBS: '1' },
      {
        // The worker is held on its first job, so the next one waits and the queue is full.
        interpreter: {
          engine: local.engine,
          interpret: async (document, signal) => {
            await held;
            return local.interpret(document, signal);
          },
        },
      },
    );
  });
  after(async () => {
    release();
    await t.stop();
  });

  test('the last PATCH answers 503 and gives its chunk back; the retry completes it', async () => {
    const token = await t.token('user-full');
    const client = new SerenyaClient({ baseUrl: t.url, token });
    const report = await makeLabReportPdf(SAMPLE_ROWS);
    const running = await client.upload(report, { contentType: 'application/pdf' });
    const waiting = await client.upload(report, { contentType: 'application/pdf' });
    const full = await createUpload(t.url, token, report.length);
    // Creation itself is refused while the queue is full: free it for the creation only.
    assert.equal(full.created.status, 503);
    await client.acknowledge(waiting.job.id);
    const { url, headers, patch } = await createUpload(t.url, token, report.length);
    const half = Math.floor(report.length / 2);
    assert.equal((await patch(0, report.subarray(0, half))).status, 204);
    const again = await client.upload(report, { contentType: 'application/pdf' }); // full again
    const refused = await patch(half, report.subarray(half));
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('content-type'), 'application/problem+json');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    const head = await fetch(url, { method: 'HEAD', headers });
    assert.equal(head.headers.get('upload-offset'), String(half), 'the last chunk was given back');
    await client.acknowledge(again.job.id);
    assert.equal((await patch(half, report.subarray(half))).status, 204);
    const id = url.split('/').pop() ?? '';
    release();
    assert.equal((await client.waitUntilDone(id)).status, 'succeeded');
    await client.waitUntilDone(running.job.id);
    await client.acknowledge(running.job.id);
    await client.acknowledge(id);
    await t.expectNoFiles();
  });
});

describe('a completion that dies half-way is redone when the client resumes', () => {
  let t: TestApp;
  const clock = { offset: 0 };

  before(async () => {
    t = await startTestApp({}, { now: () => Date.now() + clock.offset });
  });
  after(() => t.stop());

  test('HEAD reports one chunk short; after the lease the chunk is taken again and the job made', async () => {
    const token = await t.token('user-crash');
    const report = await makeLabReportPdf(SAMPLE_ROWS);
    const { url, headers, patch } = await createUpload(t.url, token, report.length);
    const half = Math.floor(report.length / 2);
    assert.equal((await patch(0, report.subarray(0, half))).status, 204);
    // The process "dies" where the job would be made of the chunks: the record update that
    // queues the job fails once, as if the process had been killed just before it.
    const records = t.app.records;
    const update = records.update.bind(records);
    let failures = 0;
    Object.assign(records, {
      update: (id: string, change: Parameters<typeof update>[1]) =>
        update(id, (current) => {
          const next = change(current);
          if (next?.status === 'queued' && failures++ === 0) throw new Error('killed');
          return next;
        }),
    });
    const died = await patch(half, report.subarray(half));
    assert.equal(died.status, 500);
    assert.equal(died.headers.get('content-type'), 'application/problem+json');
    assert.doesNotMatch(await died.text(), /killed|\/tmp\//, 'the cause is logged, never sent');
    const id = url.split('/').pop() ?? '';
    const during = await fetch(url, { method: 'HEAD', headers });
    assert.equal(during.headers.get('upload-offset'), String(half), 'one chunk short');
    // Within the lease the last chunk is refused (a completion may still be running)…
    assert.equal((await patch(half, report.subarray(half))).status, 409);
    // …after it, the client's resume gives the chunk back and completes the upload.
    clock.offset = 3 * 60 * 1000;
    const after = await fetch(url, { method: 'HEAD', headers });
    assert.equal(after.headers.get('upload-offset'), String(half));
    assert.equal((await patch(half, report.subarray(half))).status, 204);
    const client = new SerenyaClient({ baseUrl: t.url, token });
    assert.equal((await client.waitUntilDone(id)).status, 'succeeded');
    await client.acknowledge(id);
    await t.app.sweeper.sweep({ everything: false });
    await t.expectNoFiles();
  });
});
