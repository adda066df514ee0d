import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import {
  SAMPLE_ROWS,
  avifHeader,
  heicHeader,
  jpegHeader,
  tiffHeader,
  makeImageOnlyPdf,
  makeLabReportPdf,
  makePng,
  makeTextPdf,
} from '../helpers/documents.js';
import { eventually, startTestApp, type TestApp } from '../helpers/test-app.js';

const MAX_UPLOAD = 64 * 1024;

interface ProblemBody {
  code: string;
  status: number;
  detail: string;
  retryable: boolean;
  type: string;
  title: string;
}

describe('upload and document errors: documented code, service up, nothing left behind', () => {
  let t: TestApp;
  let token: string;

  before(async () => {
    t = await startTestApp({
      SERENYA_MAX_UPLOAD_BYTES: String(MAX_UPLOAD),
      SERENYA_MAX_PAGES: '3',
    });
    token = await t.token();
  });
  after(() => t.stop());

  async function post(
    body: RequestInit['body'],
    contentType?: string,
    extra: Record<string, string> = {},
  ) {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...extra };
    if (contentType !== undefined) headers['content-type'] = contentType;
    const response = await fetch(`${t.url}/v1/documents`, {
      method: 'POST',
      headers,
      body,
      duplex: 'half',
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as ProblemBody,
      headers: response.headers,
    };
  }

  async function assertNothingLeft() {
    await t.expectNoFiles();
    const health = await fetch(`${t.url}/healthz`);
    assert.equal(health.status, 200);
  }

  const cases: [
    string,
    () => Promise<[RequestInit['body'], string | undefined]>,
    number,
    string,
    RegExp?,
  ][] = [
    [
      'empty body',
      async () => [new Uint8Array(0), 'application/pdf'],
      400,
      'bad_request',
      /empty/i,
    ],
    [
      'declared PDF, content PNG',
      async () => [makePng(), 'application/pdf'],
      415,
      'unsupported_media_type',
      /does not match/,
    ],
    [
      'declared PNG, content PDF',
      async () => [await makeTextPdf([['x']]), 'image/png'],
      415,
      'unsupported_media_type',
      /does not match/,
    ],
    [
      'plain text declared as PDF',
      async () => ['just some text, no document', 'application/pdf'],
      415,
      'unsupported_media_type',
    ],
    ['text/plain content type', async () => ['hello', 'text/plain'], 415, 'unsupported_media_type'],
    [
      'application/zip content type',
      async () => [new Uint8Array([0x50, 0x4b, 3, 4]), 'application/zip'],
      415,
      'unsupported_media_type',
    ],
    [
      'no content type',
      async () => [await makeTextPdf([['x']]), undefined],
      415,
      'unsupported_media_type',
    ],
    ['TIFF scan', async () => [tiffHeader(), 'image/tiff'], 415, 'unsupported_media_type', /TIFF/],
    ['AVIF photo', async () => [avifHeader(), 'image/avif'], 415, 'unsupported_media_type', /JPEG/],
    [
      'oversized, declared by Content-Length',
      async () => [new Uint8Array(MAX_UPLOAD + 1), 'application/pdf'],
      413,
      'file_too_large',
    ],
  ];

  for (const [name, make, status, code, detail] of cases) {
    test(`${name} → ${status} ${code}`, async () => {
      const [body, type] = await make();
      const response = await post(body, type);
      assert.equal(response.status, status);
      assert.match(response.type ?? '', /^application\/problem\+json\b/);
      assert.equal(response.body.code, code);
      assert.equal(response.body.status, status);
      assert.equal(response.body.type, `https://serenya.app/problems/${code}`);
      assert.equal(typeof response.body.retryable, 'boolean');
      assert.ok(response.body.detail.length > 10);
      if (detail) assert.match(response.body.detail, detail);
      await assertNothingLeft();
    });
  }

  test('oversized without Content-Length (chunked) is cut off while streaming → 413', async () => {
    const pdf = await makeTextPdf([['x']]);
    const chunks = 200; // 12.8 MB offered against a 64 KiB limit
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(sent === 0 ? pdf : new Uint8Array(64 * 1024));
        sent += 1;
        if (sent >= chunks) controller.close();
      },
    });
    const response = await post(stream, 'application/pdf');
    assert.equal(response.status, 413);
    assert.equal(response.body.code, 'file_too_large');
    const rejected = t.logs.audit('upload.rejected').at(-1);
    assert.ok(
      Number(rejected?.bytes) <= MAX_UPLOAD + 64 * 1024,
      'the server stopped counting at the limit',
    );
    assert.ok(
      sent < chunks,
      `the client was stopped before sending everything (${sent}/${chunks})`,
    );
    await assertNothingLeft();
  });

  test('oversized multipart upload → 413', async () => {
    const form = new FormData();
    const big = Buffer.concat([await makeTextPdf([['x']]), Buffer.alloc(MAX_UPLOAD)]);
    form.append('file', new Blob([big], { type: 'application/pdf' }), 'big.pdf');
    const response = await post(form, undefined);
    assert.equal(response.status, 413);
    assert.equal(response.body.code, 'file_too_large');
    await assertNothingLeft();
  });

  test('an upload aborted half-way leaves nothing behind and the service keeps answering', async () => {
    const pdf = await makeLabReportPdf(SAMPLE_ROWS);
    const rejectedBefore = t.logs.audit('upload.rejected').length;
    const { port } = new URL(t.url);
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/documents',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/pdf',
          'content-length': String(MAX_UPLOAD),
        },
      });
      req.on('error', () => resolve());
      req.write(pdf.subarray(0, 4000));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 150);
    });
    await eventually(
      () => (t.logs.audit('upload.rejected').length > rejectedBefore ? true : undefined),
      3000,
      'the aborted upload to be recorded',
    );
    assert.equal(t.logs.audit('upload.rejected').at(-1)?.code, 'bad_request');
    await assertNothingLeft();
    // And a normal upload still works.
    const client = new SerenyaClient({ baseUrl: t.url, token });
    const { job } = await client.upload(pdf, { contentType: 'application/pdf' });
    assert.equal((await client.waitUntilDone(job.id)).status, 'succeeded');
    await client.acknowledge(job.id);
  });

  const documentFailures: [string, () => Promise<Buffer>, string, string?][] = [
    ['photo without any text', async () => makePng(200, 200), 'no_text_found', 'image/png'],
    ['JPEG that is only a header', async () => jpegHeader(), 'corrupt_document', 'image/jpeg'],
    [
      'HEIC that is only a header',
      async () => heicHeader(),
      'unsupported_media_type',
      'image/heic',
    ],
    [
      'password-protected PDF',
      () => makeTextPdf([['Glucose 90 mg/dL 70 - 99']], { userPassword: 'secret' }),
      'password_protected',
    ],
    [
      'truncated PDF',
      async () => (await makeLabReportPdf(SAMPLE_ROWS)).subarray(0, 600),
      'corrupt_document',
    ],
    [
      'PDF header followed by garbage',
      async () => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x41)]),
      'corrupt_document',
    ],
    ['scanned PDF of a blank page', () => makeImageOnlyPdf(makePng(64, 64)), 'no_text_found'],
    [
      'PDF with more pages than allowed',
      () => makeTextPdf([['1'], ['2'], ['3'], ['4']]),
      'too_many_pages',
    ],
  ];

  for (const [name, make, code, type = 'application/pdf'] of documentFailures) {
    test(`${name} → job fails at once with ${code}; the input is deleted`, async () => {
      const client = new SerenyaClient({ baseUrl: t.url, token });
      const { job } = await client.upload(await make(), { contentType: type });
      const done = await client.waitUntilDone(job.id);
      assert.equal(done.status, 'failed');
      assert.equal(done.attempts, 1, 'permanent failures are not retried');
      assert.equal(done.error?.code, code);
      assert.equal(done.error.retryable, false);
      const result = await fetch(`${t.url}/v1/jobs/${job.id}/result`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(((await result.json()) as ProblemBody).code, code);
      await assertNothingLeft();
      await client.acknowledge(job.id);
    });
  }
});
