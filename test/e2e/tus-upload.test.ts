import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as tus from 'tus-js-client';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import { startCuttingProxy } from '../helpers/cutting-proxy.js';
import { eventually, startTestApp, type TestApp } from '../helpers/test-app.js';

/** Uploads with the official tus client; resolves with the upload URL. */
function tusUpload(
  t: { url: string },
  token: string,
  bytes: Buffer,
  options: Partial<tus.UploadOptions> = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(bytes, {
      endpoint: `${t.url}/v1/uploads`,
      headers: { authorization: `Bearer ${token}` },
      metadata: { filetype: 'application/pdf', filename: 'Jane-Doe-labs.pdf' },
      retryDelays: [0, 50, 100],
      ...options,
      onError: reject,
      onSuccess: () => resolve(upload.url ?? ''),
    });
    upload.start();
  });
}

describe('resumable uploads (tus 1.0, tus-js-client over a real socket)', () => {
  let t: TestApp;
  let report: Buffer;

  before(async () => {
    t = await startTestApp();
    report = await makeLabReportPdf(SAMPLE_ROWS);
  });
  after(() => t.stop());

  test('an upload in chunks becomes the job with the same id, processed like any upload', async () => {
    const token = await t.token('user-a');
    const url = await tusUpload(t, token, report, { chunkSize: 4096 });
    const id = url.split('/').pop() ?? '';
    assert.match(id, /^[0-9a-f-]{36}$/);
    const client = new SerenyaClient({ baseUrl: t.url, token });
    const done = await client.waitUntilDone(id);
    assert.equal(done.status, 'succeeded');
    assert.equal((await client.result(id)).labs.length, SAMPLE_ROWS.length);
    await client.acknowledge(id);
    await t.expectNoFiles();
  });

  /** Starts an upload by hand (POST) and answers its URL. */
  async function create(token: string, length: number, filetype = 'application/pdf') {
    const response = await fetch(`${t.url}/v1/uploads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'tus-resumable': '1.0.0',
        'upload-length': String(length),
        'upload-metadata': `filetype ${Buffer.from(filetype).toString('base64')}`,
      },
    });
    return { response, url: new URL(response.headers.get('location') ?? '/', t.url).href };
  }
  const tusHeaders = (token: string, extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${token}`,
    'tus-resumable': '1.0.0',
    ...extra,
  });
  const patch = (url: string, token: string, offset: number, body: Buffer) =>
    fetch(url, {
      method: 'PATCH',
      headers: tusHeaders(token, {
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
      }),
      body,
    });

  test('cut twice mid-upload: resumes from the bytes received, not from the start', async () => {
    const token = await t.token('user-cut');
    const big = await makeLabReportPdf(SAMPLE_ROWS, { padBytes: 2 * 1024 * 1024 });
    const proxy = await startCuttingProxy(t.url);
    try {
      proxy.cutAt([Math.round(big.length * 0.3), Math.round(big.length * 0.6)]);
      const url = await tusUpload(proxy, token, big, { chunkSize: 512 * 1024 });
      assert.equal(proxy.cuts, 2);
      // Resumed near the last byte received, not from the start of the cut chunk (512 KiB): what
      // the server had read but still held in its stream buffers when the connection dropped
      // (tens of KiB) is sent again, nothing more.
      const extra = proxy.bytesUp - big.length;
      assert.ok(extra < 256 * 1024, `sent ${extra} bytes more than the file`);
      const id = url.split('/').pop() ?? '';
      const client = new SerenyaClient({ baseUrl: t.url, token });
      assert.equal((await client.waitUntilDone(id)).status, 'succeeded');
      assert.equal((await client.result(id)).labs.length, SAMPLE_ROWS.length);
      await client.acknowledge(id);
      await t.expectNoFiles();
    } finally {
      await proxy.close();
    }
  });

  test('while uploading: chunks are ciphertext, the job is not visible yet, HEAD says where to resume', async () => {
    const token = await t.token('user-b');
    const { response, url } = await create(token, report.length);
    assert.equal(response.status, 201);
    const half = Math.floor(report.length / 2);
    const sent = await patch(url, token, 0, report.subarray(0, half));
    assert.equal(sent.status, 204);
    assert.equal(sent.headers.get('upload-offset'), String(half));
    const head = await fetch(url, { method: 'HEAD', headers: tusHeaders(token) });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('upload-offset'), String(half));
    assert.equal(head.headers.get('upload-length'), String(report.length));
    assert.equal(head.headers.get('upload-metadata'), null, 'no metadata (file name) is kept');
    const id = url.split('/').pop() ?? '';
    const job = await fetch(`${t.url}/v1/jobs/${id}`, { headers: tusHeaders(token) });
    assert.equal(job.status, 404);
    const files = await t.files();
    assert.equal(files.length, 1, files.join());
    for (const file of files) {
      const { readFile } = await import('node:fs/promises');
      const stored = await readFile(`${t.tmpDir}/${file}`);
      assert.equal(stored.includes(Buffer.from('%PDF')), false, 'no plaintext on disk');
      assert.equal(stored.includes(Buffer.from('Haemoglobin')), false, 'no plaintext on disk');
    }
    const wrongOffset = await patch(url, token, 0, report.subarray(0, 10));
    assert.equal(wrongOffset.status, 409);
    const rest = await patch(url, token, half, report.subarray(half));
    assert.equal(rest.status, 204);
    const client = new SerenyaClient({ baseUrl: t.url, token });
    assert.equal((await client.waitUntilDone(id)).status, 'succeeded');
    await client.acknowledge(id);
    await t.expectNoFiles();
  });

  test("another user's upload is 404 for HEAD, PATCH and DELETE", async () => {
    const { url } = await create(await t.token('owner'), report.length);
    const other = await t.token('intruder');
    for (const method of ['HEAD', 'PATCH', 'DELETE']) {
      const response =
        method === 'PATCH'
          ? await patch(url, other, 0, report.subarray(0, 100))
          : await fetch(url, { method, headers: tusHeaders(other) });
      assert.equal(response.status, 404, method);
    }
    const owner = await t.token('owner');
    const head = await fetch(url, { method: 'HEAD', headers: tusHeaders(owner) });
    assert.equal(head.headers.get('upload-offset'), '0', 'nothing was written by the intruder');
    assert.equal((await fetch(url, { method: 'DELETE', headers: tusHeaders(owner) })).status, 204);
    assert.equal((await fetch(url, { method: 'HEAD', headers: tusHeaders(owner) })).status, 404);
    await t.expectNoFiles();
  });

  test('no token: 401 before anything is created', async () => {
    const response = await fetch(`${t.url}/v1/uploads`, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-length': '100' },
    });
    assert.equal(response.status, 401);
    assert.deepEqual(await t.files(), []);
  });

  test('too large or an unsupported declared type: refused at creation', async () => {
    const token = await t.token('user-c');
    const huge = await create(token, t.app.config.limits.maxUploadBytes + 1);
    assert.equal(huge.response.status, 413);
    assert.equal(huge.response.headers.get('content-type'), 'application/problem+json');
    assert.equal(((await huge.response.json()) as { code: string }).code, 'file_too_large');
    assert.equal(huge.response.headers.get('access-control-allow-origin'), null);
    const text = await create(token, 100, 'text/plain');
    assert.equal(text.response.status, 415);
    assert.equal(((await text.response.json()) as { code: string }).code, 'unsupported_media_type');
    assert.equal(text.response.headers.get('location'), null);
  });

  test('a completed upload that is not a document: 415 on the last PATCH, nothing kept', async () => {
    const token = await t.token('user-d');
    const junk = Buffer.from('just some words, not a PDF or an image\n'.repeat(50));
    const { url } = await create(token, junk.length, 'application/octet-stream');
    const first = await patch(url, token, 0, junk.subarray(0, 500));
    assert.equal(first.status, 204);
    const last = await patch(url, token, 500, junk.subarray(500));
    assert.equal(last.status, 415);
    const problem = JSON.parse(await last.text()) as { code: string };
    assert.equal(problem.code, 'unsupported_media_type');
    assert.equal((await fetch(url, { method: 'HEAD', headers: tusHeaders(token) })).status, 404);
    await t.expectNoFiles();
  });

  test('a purge during an upload deletes its chunks and the upload', async () => {
    const token = await t.token('user-e');
    const { url } = await create(token, report.length);
    await patch(url, token, 0, report.subarray(0, 1000));
    const purge = await fetch(`${t.url}/v1/me/data`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(purge.status, 200);
    assert.equal((await fetch(url, { method: 'HEAD', headers: tusHeaders(token) })).status, 404);
    const late = await patch(url, token, 1000, report.subarray(1000));
    assert.equal(late.status, 404);
    await eventually(
      async () => ((await t.files()).length === 0 ? true : undefined),
      3000,
      'empty',
    );
  });
});
