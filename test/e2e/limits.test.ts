import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import { GatedExtractor } from '../helpers/doubles.js';
import { eventually, startTestApp } from '../helpers/test-app.js';

interface Problem {
  code: string;
  retryAfterSeconds?: number;
  retryable: boolean;
}

describe('limits: rate limit per user, load shedding, per-user work in progress', () => {
  test('past SERENYA_RATE_LIMIT_PER_MINUTE a user gets 429 + Retry-After; another user does not', async () => {
    const t = await startTestApp({ SERENYA_RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const get = async (token: string) =>
        fetch(`${t.url}/v1/jobs/00000000-0000-4000-8000-000000000000`, {
          headers: { authorization: `Bearer ${token}` },
        });
      const alice = await t.token('alice');
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await get(alice)).status);
      assert.deepEqual(statuses, [404, 404, 404, 404, 404, 429, 429]);
      const limited = await get(alice);
      const body = (await limited.json()) as Problem;
      assert.equal(body.code, 'rate_limited');
      assert.equal(body.retryable, true);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.equal(body.retryAfterSeconds, Number(limited.headers.get('retry-after')));
      assert.equal((await get(await t.token('bob'))).status, 404, 'limits are per user');
    } finally {
      await t.stop();
    }
  });

  test('when the queue is full, uploads are shed with 503 overloaded + Retry-After, before reading the body', async () => {
    const gate = new GatedExtractor();
    const t = await startTestApp(
      { SERENYA_WORKER_CONCURRENCY: '1', SERENYA_MAX_QUEUED_JOBS: '1' },
      { extractors: [gate] },
    );
    try {
      const client = new SerenyaClient({ baseUrl: t.url, token: await t.token() });
      const pdf = await makeLabReportPdf(SAMPLE_ROWS);
      await client.upload(pdf, { contentType: 'application/pdf' }); // running
      await eventually(() => (gate.started === 1 ? true : undefined), 3000, 'first running');
      await client.upload(pdf, { contentType: 'application/pdf' }); // waiting: the queue is now full
      const response = await fetch(`${t.url}/v1/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await t.token()}`, 'content-type': 'application/pdf' },
        body: pdf,
      });
      assert.equal(response.status, 503);
      const body = (await response.json()) as Problem;
      assert.equal(body.code, 'overloaded');
      assert.equal(response.headers.get('retry-after'), '30');
      assert.equal((await t.files()).length, 2, 'the shed upload stored nothing');
      gate.release();
      await client.purge();
    } finally {
      await t.stop();
    }
  });

  test('a user with too many unfinished jobs gets 429 until some finish', async () => {
    const gate = new GatedExtractor();
    const t = await startTestApp({ SERENYA_MAX_ACTIVE_JOBS_PER_USER: '2' }, { extractors: [gate] });
    try {
      const client = new SerenyaClient({ baseUrl: t.url, token: await t.token('dave') });
      const pdf = await makeLabReportPdf(SAMPLE_ROWS);
      const first = await client.upload(pdf, { contentType: 'application/pdf' });
      await client.upload(pdf, { contentType: 'application/pdf' });
      await assert.rejects(
        client.upload(pdf, { contentType: 'application/pdf' }),
        (e: Error & { problem?: Problem }) => {
          assert.equal(e.problem?.code, 'rate_limited');
          return true;
        },
      );
      // Someone else is not affected.
      const erin = new SerenyaClient({ baseUrl: t.url, token: await t.token('erin') });
      const theirs = await erin.upload(pdf, { contentType: 'application/pdf' });
      gate.release();
      await client.waitUntilDone(first.job.id);
      await erin.waitUntilDone(theirs.job.id);
      await eventually(
        async () => {
          try {
            return (await client.upload(pdf, { contentType: 'application/pdf' })).job;
          } catch {
            return undefined;
          }
        },
        5000,
        'upload accepted again',
      );
      await client.purge();
      await erin.purge();
    } finally {
      await t.stop();
    }
  });
});
