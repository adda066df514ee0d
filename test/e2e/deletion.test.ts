import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ApiProblemError, SerenyaClient } from '../../src/client/serenya-client.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import { GatedExtractor } from '../helpers/doubles.js';
import { eventually, listFiles, startTestApp } from '../helpers/test-app.js';

describe('deletion: cancel, purge, expiry, start-up sweep, shutdown', () => {
  test('DELETE during processing cancels: work stops, every artefact goes, status is cancelled', async () => {
    const gate = new GatedExtractor();
    const t = await startTestApp({}, { extractors: [gate] });
    try {
      const client = new SerenyaClient({ baseUrl: t.url, token: await t.token() });
      const { job } = await client.upload(await makeLabReportPdf(SAMPLE_ROWS), {
        contentType: 'application/pdf',
      });
      await eventually(() => (gate.started === 1 ? true : undefined), 3000, 'processing');
      assert.equal((await t.files()).length, 1, 'the encrypted input is on disk while processing');
      const receipt = await client.acknowledge(job.id);
      assert.equal(receipt.action, 'cancelled');
      assert.equal(receipt.status, 'cancelled');
      assert.deepEqual(
        receipt.deleted.map((d) => [d.artefact, d.existed]),
        [
          ['upload', true],
          ['result', false],
          ['data-keys', true],
        ],
      );
      assert.equal(gate.aborted, 1, 'the running extraction was aborted');
      gate.release();
      await t.expectNoFiles();
      const view = await client.job(job.id);
      assert.equal(view.status, 'cancelled');
      assert.ok(view.deletedAt !== undefined);
      await assert.rejects(
        client.result(job.id),
        (e: unknown) => e instanceof ApiProblemError && e.problem.status === 410,
      );
      assert.deepEqual(
        t.logs.audit('job.deleted').map((e) => e.reason),
        ['cancelled'],
      );
    } finally {
      await t.stop();
    }
  });

  test('purge during processing: nothing of the user remains, other users are untouched', async () => {
    const gate = new GatedExtractor();
    const t = await startTestApp({ SERENYA_WORKER_CONCURRENCY: '4' }, { extractors: [gate] });
    try {
      const alice = new SerenyaClient({ baseUrl: t.url, token: await t.token('alice') });
      const bob = new SerenyaClient({ baseUrl: t.url, token: await t.token('bob') });
      const pdf = await makeLabReportPdf(SAMPLE_ROWS);
      const a1 = await alice.upload(pdf, { contentType: 'application/pdf' });
      const a2 = await alice.upload(pdf, { contentType: 'application/pdf' });
      const b1 = await bob.upload(pdf, { contentType: 'application/pdf' });
      await eventually(() => (gate.started === 3 ? true : undefined), 3000, 'all processing');
      const receipt = await alice.purge();
      assert.equal(receipt.jobs, 2);
      assert.equal(receipt.objects, 2);
      gate.release();
      assert.equal((await bob.waitUntilDone(b1.job.id)).status, 'succeeded');
      for (const id of [a1.job.id, a2.job.id])
        await assert.rejects(
          alice.job(id),
          (e: unknown) => e instanceof ApiProblemError && e.problem.status === 404,
        );
      const aliceDir = t.app.hashOwner('alice');
      await eventually(
        async () => ((await t.files()).every((f) => !f.startsWith(aliceDir)) ? true : undefined),
        3000,
        "no file of alice's",
      );
      const bobDir = t.app.hashOwner('bob');
      await eventually(
        async () =>
          (await t.files()).filter((f) => f.startsWith(bobDir)).length === 1 ? true : undefined,
        3000,
        "bob's result stays, his input is gone",
      );
      assert.equal(
        (await t.app.records.list({ owner: aliceDir })).length,
        0,
        'no record of alice remains',
      );
      await bob.acknowledge(b1.job.id);
      await t.expectNoFiles();
    } finally {
      await t.stop();
    }
  });

  test('purge while an upload is streaming in stops that upload and leaves nothing', async () => {
    const t = await startTestApp();
    try {
      const token = await t.token('carol');
      const carol = new SerenyaClient({ baseUrl: t.url, token });
      const pdf = await makeLabReportPdf(SAMPLE_ROWS);
      const { port } = new URL(t.url);
      const answered = new Promise<number>((resolve) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v1/documents',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/pdf',
              'content-length': String(pdf.length),
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', () => resolve(-1));
        req.write(pdf.subarray(0, pdf.length - 100));
        // The rest is never sent: the upload stays in flight until the purge.
      });
      await eventually(
        async () => ((await t.files()).length === 1 ? true : undefined),
        3000,
        'partial upload on disk',
      );
      await carol.purge();
      const status = await answered;
      assert.ok(status === 410 || status === -1, `upload answered ${status}`);
      await t.expectNoFiles();
      assert.equal((await t.app.records.list({ owner: t.app.hashOwner('carol') })).length, 0);
    } finally {
      await t.stop();
    }
  });

  test('TTL: the sweeper deletes a job and its files once expired; reads answer 410 then 404', async () => {
    let clock = Date.now();
    const t = await startTestApp({ SERENYA_TTL_SECONDS: '60' }, { now: () => clock });
    try {
      const client = new SerenyaClient({ baseUrl: t.url, token: await t.token() });
      const { job } = await client.upload(await makeLabReportPdf(SAMPLE_ROWS), {
        contentType: 'application/pdf',
      });
      assert.equal((await client.waitUntilDone(job.id)).status, 'succeeded');
      await eventually(
        async () => ((await t.files()).length === 1 ? true : undefined),
        3000,
        'only the result left',
      );
      clock += 61_000;
      await assert.rejects(
        client.result(job.id),
        (e: unknown) => e instanceof ApiProblemError && e.problem.code === 'expired',
      );
      const swept = await t.app.sweeper.sweep({ everything: false });
      assert.equal(swept.jobs, 1);
      assert.equal(swept.objects, 1);
      assert.deepEqual(await t.files(), []);
      await assert.rejects(
        client.job(job.id),
        (e: unknown) => e instanceof ApiProblemError && e.problem.status === 404,
      );
      assert.deepEqual(
        t.logs.audit('job.deleted').map((e) => e.reason),
        ['expired'],
      );
    } finally {
      await t.stop();
    }
  });

  test('start-up sweep deletes what a crash left behind; shutdown deletes what must not survive', async () => {
    const tmpDir = await mkdtemp(join(tmpdir(), 'serenya-crash-'));
    try {
      // Leftovers of a crashed process: a complete object, a partial upload, and a foreign file.
      const owner = randomBytes(16).toString('hex');
      await mkdir(join(tmpDir, owner), { recursive: true, mode: 0o700 });
      await writeFile(
        join(tmpDir, owner, '11111111-1111-4111-8111-111111111111.input'),
        randomBytes(100),
      );
      await writeFile(
        join(tmpDir, owner, '22222222-2222-4222-8222-222222222222.result.part'),
        randomBytes(100),
      );
      await writeFile(join(tmpDir, 'README-not-ours.txt'), 'operator note');
      const t = await startTestApp({ SERENYA_TMP_DIR: tmpDir });
      assert.deepEqual(
        await listFiles(tmpDir),
        ['README-not-ours.txt'],
        'ours are gone, the foreign file is left alone',
      );
      assert.equal(t.logs.audit('sweep.completed')[0]?.objects, 2);
      // A result nobody fetched before shutdown cannot be read after it: it is deleted at stop.
      const client = new SerenyaClient({ baseUrl: t.url, token: await t.token() });
      const { job } = await client.upload(await makeLabReportPdf(SAMPLE_ROWS), {
        contentType: 'application/pdf',
      });
      await client.waitUntilDone(job.id);
      assert.equal((await listFiles(tmpDir)).length, 2);
      await t.app.stop();
      assert.deepEqual(await listFiles(tmpDir), ['README-not-ours.txt']);
    } finally {
      await rm(tmpDir, { recursive: true, force: true });
    }
  });

  test('graceful shutdown lets a running job finish within the grace period', async () => {
    const gate = new GatedExtractor();
    const t = await startTestApp({ SERENYA_SHUTDOWN_GRACE_SECONDS: '5' }, { extractors: [gate] });
    const client = new SerenyaClient({ baseUrl: t.url, token: await t.token() });
    const { job } = await client.upload(await makeLabReportPdf(SAMPLE_ROWS), {
      contentType: 'application/pdf',
    });
    await eventually(() => (gate.started === 1 ? true : undefined), 3000, 'processing');
    const stopping = t.stop();
    setTimeout(() => gate.release(), 200);
    await stopping;
    assert.equal(gate.aborted, 0, 'not aborted: it finished within the grace period');
    assert.equal(t.logs.audit('job.processed').length, 1);
    assert.equal(t.logs.audit('job.processed')[0]?.jobId, job.id);
  });
});
