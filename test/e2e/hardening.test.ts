import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import { StoreDirectoryError } from '../../src/storage/fs-lock.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import { BuggyExtractor, GatedExtractor } from '../helpers/doubles.js';
import { eventually, startTestApp } from '../helpers/test-app.js';

/** Sends raw bytes on a fresh connection and returns everything the server answered. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
    setTimeout(() => {
      socket.destroy();
      resolve(data);
    }, 3000);
  });
}

describe('hardening: framework errors, connections, shutdown, directory lock, IP limit', () => {
  test('malformed URLs and over-long ids answer problem+json', async () => {
    const t = await startTestApp();
    try {
      const { port } = new URL(t.url);
      const bad = await rawExchange(
        Number(port),
        'GET /v1/jobs/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      );
      assert.match(bad, /^HTTP\/1\.1 400/);
      assert.match(bad, /content-type: application\/problem\+json/i);
      assert.match(bad, /"code":"bad_request"/);
      const long = await fetch(`${t.url}/v1/jobs/${'a'.repeat(500)}`, {
        headers: { authorization: `Bearer ${await t.token()}` },
      });
      assert.equal(long.status, 404);
      assert.equal(((await long.json()) as { code: string }).code, 'not_found');
    } finally {
      await t.stop();
    }
  });

  test('an answer given before the body was read closes the connection (multipart replay)', async () => {
    const t = await startTestApp();
    try {
      const token = await t.token();
      const pdf = await makeLabReportPdf(SAMPLE_ROWS);
      const client = new SerenyaClient({ baseUrl: t.url, token });
      const { job } = await client.upload(pdf, {
        contentType: 'application/pdf',
        idempotencyKey: 'replay-1',
      });
      const { port } = new URL(t.url);
      const boundary = 'b0undary';
      const big = Buffer.concat([pdf, Buffer.alloc(2 * 1024 * 1024)]);
      const status = await new Promise<{ code: number; connection: string | undefined }>(
        (resolve, reject) => {
          const req = httpRequest(
            {
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: '/v1/documents',
              headers: {
                authorization: `Bearer ${token}`,
                'idempotency-key': 'replay-1',
                'content-type': `multipart/form-data; boundary=${boundary}`,
              },
            },
            (res) => {
              res.resume();
              resolve({ code: res.statusCode ?? 0, connection: res.headers.connection });
            },
          );
          req.on('error', reject);
          req.write(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
          );
          req.write(big);
          req.end(`\r\n--${boundary}--\r\n`);
        },
      );
      assert.equal(status.code, 202);
      assert.equal(status.connection, 'close');
      await client.waitUntilDone(job.id);
      await client.purge();
    } finally {
      await t.stop();
    }
  });

  test('the result of a failed job answers 422 with the job code, even for an internal failure', async () => {
    const t = await startTestApp(
      { SERENYA_MAX_RETRIES: '0' },
      { extractors: [new BuggyExtractor('boom')] },
    );
    try {
      const client = new SerenyaClient({ baseUrl: t.url, token: await t.token() });
      const { job } = await client.upload(await makeLabReportPdf(SAMPLE_ROWS), {
        contentType: 'application/pdf',
      });
      assert.equal((await client.waitUntilDone(job.id)).status, 'failed');
      const response = await fetch(`${t.url}/v1/jobs/${job.id}/result`, {
        headers: { authorization: `Bearer ${await t.token()}` },
      });
      assert.equal(response.status, 422);
      const body = (await response.json()) as { code: string; status: number };
      assert.equal(body.code, 'internal');
      assert.equal(body.status, 422);
    } finally {
      await t.stop();
    }
  });

  test('a data key that no longer unwraps fails the job at once (not retried)', async () => {
    const gate = new GatedExtractor();
    const t = await startTestApp({ SERENYA_WORKER_CONCURRENCY: '1' }, { extractors: [gate] });
    try {
      const client = new SerenyaClient({ baseUrl: t.url, token: await t.token() });
      const pdf = await makeLabReportPdf(SAMPLE_ROWS);
      const first = await client.upload(pdf, { contentType: 'application/pdf' });
      await eventually(() => (gate.started === 1 ? true : undefined), 3000, 'first running');
      const second = await client.upload(pdf, { contentType: 'application/pdf' });
      await t.app.records.update(second.job.id, (r) => ({
        ...r,
        inputKey: `${r.inputKey ?? ''}x`,
      }));
      gate.release();
      const done = await client.waitUntilDone(second.job.id);
      assert.equal(done.status, 'failed');
      assert.equal(done.attempts, 1);
      assert.equal(gate.started, 1);
      await client.waitUntilDone(first.job.id);
      await client.purge();
      await t.expectNoFiles();
    } finally {
      await t.stop();
    }
  });

  test('shutdown: waiting uploads are answered, new requests get a problem 503, connections close', async () => {
    const gate = new GatedExtractor();
    const t = await startTestApp({ SERENYA_SHUTDOWN_GRACE_SECONDS: '1' }, { extractors: [gate] });
    const token = await t.token();
    const waiting = fetch(`${t.url}/v1/documents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/pdf',
        prefer: 'wait=60',
      },
      body: await makeLabReportPdf(SAMPLE_ROWS),
    });
    await eventually(() => (gate.started === 1 ? true : undefined), 3000, 'processing');
    const started = Date.now();
    const stopping = t.stop();
    const answer = await waiting;
    assert.equal(answer.status, 202, 'the wait ended with the job as it is');
    assert.equal(answer.headers.get('connection'), 'close');
    await stopping;
    assert.ok(Date.now() - started < 10_000, `stopped in ${Date.now() - started} ms`);
  });

  test('a second process on the same directory is refused; a stale lock is taken over', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'serenya-lock-'));
    try {
      const first = await startTestApp({ SERENYA_TMP_DIR: dir });
      try {
        await assert.rejects(startTestApp({ SERENYA_TMP_DIR: dir }), StoreDirectoryError);
        assert.equal(
          (await fetch(`${first.url}/healthz`)).status,
          200,
          'the first one is untouched',
        );
      } finally {
        await first.app.stop();
      }
      // A lock left by a process that no longer exists, and a directory others could read.
      await writeFile(join(dir, '.serenya.lock'), '999999999');
      await chmod(dir, 0o755);
      const next = await startTestApp({ SERENYA_TMP_DIR: dir });
      assert.equal((await stat(dir)).mode & 0o777, 0o700);
      await next.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a flood of bad tokens from one address is limited before authentication', async () => {
    const t = await startTestApp({ SERENYA_RATE_LIMIT_PER_IP_PER_MINUTE: '5' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push(
          (await fetch(`${t.url}/v1/jobs/x`, { headers: { authorization: 'Bearer x.y.z' } }))
            .status,
        );
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
    } finally {
      await t.stop();
    }
  });
});
