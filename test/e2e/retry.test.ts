import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import {
  BuggyExtractor,
  FlakyExtractor,
  GatedExtractor,
  HangingExtractor,
} from '../helpers/doubles.js';
import { eventually, startTestApp, type TestApp } from '../helpers/test-app.js';

async function run(t: TestApp) {
  const client = new SerenyaClient({ baseUrl: t.url, token: await t.token() });
  const { job } = await client.upload(await makeLabReportPdf(SAMPLE_ROWS), {
    contentType: 'application/pdf',
  });
  const statuses: string[] = [];
  const done = await client.waitUntilDone(job.id, (event) => statuses.push(event.job.status));
  return { client, job, done, statuses };
}

describe('retries of transient failures and terminal failures', () => {
  test('two transient failures, then success: 3 attempts, status passes through retrying', async () => {
    const flaky = new FlakyExtractor(2);
    const t = await startTestApp({}, { extractors: [flaky] });
    try {
      const { client, job, done, statuses } = await run(t);
      assert.equal(done.status, 'succeeded');
      assert.equal(done.attempts, 3);
      assert.equal(flaky.calls, 3);
      assert.ok(statuses.includes('retrying'), `saw ${statuses.join(',')}`);
      assert.equal((await client.result(job.id)).labs.length, SAMPLE_ROWS.length);
      const retries = t.logs.audit('job.retrying');
      assert.deepEqual(
        retries.map((r) => r.attempt),
        [1, 2],
      );
      assert.ok(
        Number(retries[1]!.delayMs) >= Number(retries[0]!.delayMs) * 0.33,
        'delays grow (within jitter)',
      );
      assert.match(
        await (await fetch(`${t.url}/metrics`)).text(),
        /serenya_job_retries_total\{code="provider_unavailable"\} 2/,
      );
      await client.acknowledge(job.id);
      await t.expectNoFiles();
    } finally {
      await t.stop();
    }
  });

  test('a transient failure that never clears: 1 + SERENYA_MAX_RETRIES attempts, then failed; input deleted', async () => {
    const flaky = new FlakyExtractor(100);
    const t = await startTestApp({ SERENYA_MAX_RETRIES: '3' }, { extractors: [flaky] });
    try {
      const { client, job, done } = await run(t);
      assert.equal(done.status, 'failed');
      assert.equal(done.attempts, 4);
      assert.equal(flaky.calls, 4);
      assert.equal(done.error?.code, 'provider_unavailable');
      assert.equal(done.error.retryable, false, 'this job will not be retried again');
      await t.expectNoFiles();
      await client.acknowledge(job.id);
    } finally {
      await t.stop();
    }
  });

  test('SERENYA_MAX_RETRIES=0 means one attempt only', async () => {
    const flaky = new FlakyExtractor(1);
    const t = await startTestApp({ SERENYA_MAX_RETRIES: '0' }, { extractors: [flaky] });
    try {
      const { done } = await run(t);
      assert.equal(done.status, 'failed');
      assert.equal(done.attempts, 1);
    } finally {
      await t.stop();
    }
  });

  test("a provider's Retry-After, when longer than the backoff, sets the delay", async () => {
    const flaky = new FlakyExtractor(1, 'provider_unavailable', 1);
    const t = await startTestApp({}, { extractors: [flaky] });
    try {
      const { done } = await run(t);
      assert.equal(done.status, 'succeeded');
      assert.equal(t.logs.audit('job.retrying')[0]?.delayMs, 1000);
    } finally {
      await t.stop();
    }
  });

  test('an unexpected error is internal and retried; its message never reaches logs or the client', async () => {
    const marker = 'CANARY-internal-message-7f3a';
    const buggy = new BuggyExtractor(marker);
    const t = await startTestApp({ SERENYA_MAX_RETRIES: '1' }, { extractors: [buggy] });
    try {
      const { done } = await run(t);
      assert.equal(done.status, 'failed');
      assert.equal(buggy.calls, 2);
      assert.equal(done.error?.code, 'internal');
      assert.ok(!JSON.stringify(done).includes(marker));
      assert.ok(!t.logs.text.includes(marker), 'the error message is not logged');
      assert.ok(t.logs.text.includes('TypeError'), 'but its type is');
    } finally {
      await t.stop();
    }
  });

  test('the processing time limit fails the job with processing_timeout, not retried', async () => {
    const t = await startTestApp(
      { SERENYA_PROCESSING_TIMEOUT_SECONDS: '1' },
      { extractors: [new HangingExtractor()] },
    );
    try {
      const { done } = await run(t);
      assert.equal(done.status, 'failed');
      assert.equal(done.error?.code, 'processing_timeout');
      assert.equal(done.attempts, 1);
      await t.expectNoFiles();
    } finally {
      await t.stop();
    }
  });

  test('a stored input that fails authentication is never parsed and fails the job', async () => {
    const gate = new GatedExtractor();
    const t = await startTestApp({ SERENYA_WORKER_CONCURRENCY: '1' }, { extractors: [gate] });
    try {
      const client = new SerenyaClient({ baseUrl: t.url, token: await t.token() });
      const pdf = await makeLabReportPdf(SAMPLE_ROWS);
      // The first job occupies the only worker; the second waits on disk, where we tamper with it.
      const first = await client.upload(pdf, { contentType: 'application/pdf' });
      await eventually(() => (gate.started === 1 ? true : undefined), 3000, 'first job running');
      const second = await client.upload(pdf, { contentType: 'application/pdf' });
      const path = join(
        t.tmpDir,
        (await t.files()).find((f) => f.includes(second.job.id))!,
      );
      const bytes = await readFile(path);
      bytes[bytes.length - 20]! ^= 0x01;
      await writeFile(path, bytes);
      gate.release();
      const done = await client.waitUntilDone(second.job.id);
      assert.equal(done.status, 'failed');
      assert.equal(done.error?.code, 'internal');
      assert.equal(done.attempts, 1, 'tampering is permanent: not retried');
      assert.equal(gate.started, 1, 'the parser never saw the tampered bytes');
      assert.equal((await client.waitUntilDone(first.job.id)).status, 'succeeded');
      await client.purge();
      await t.expectNoFiles();
    } finally {
      await t.stop();
    }
  });
});
