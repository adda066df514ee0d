import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import { makeImageOnlyPdf, makeLabReportPdf, makePng, makeTextPdf } from '../helpers/documents.js';
import { FlakyExtractor } from '../helpers/doubles.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A unique marker placed in the document's text, its metadata, the patient name line and the
 * upload's file name must never appear in logs, metrics, error bodies, storage names or
 * ciphertext — on success and on every failure path. It may appear only in the result.
 */
const CANARY = `Zyxwv${Date.now().toString(36)}Canary`;
const CANARY_FILE = `${CANARY}-report.pdf`;

describe('PHI canary: the marker reaches the result and nothing else', () => {
  let t: TestApp;
  let token: string;
  const bodies: string[] = [];
  const storageNames = new Set<string>();
  const storageContents: Buffer[] = [];

  before(async () => {
    t = await startTestApp(
      {
        SERENYA_MAX_UPLOAD_BYTES: String(256 * 1024),
        SERENYA_MAX_PAGES: '2',
        SERENYA_MAX_RETRIES: '1',
      },
      {},
    );
    token = await t.token(`patient-${CANARY}`);
  });
  after(() => t.stop());

  async function snapshotStorage() {
    for (const file of await t.files()) {
      storageNames.add(file);
      storageContents.push(await readFile(join(t.tmpDir, file)).catch(() => Buffer.alloc(0)));
    }
  }

  async function upload(body: Buffer, type: string, asMultipart: boolean) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'idempotency-key': `key-${CANARY}-${Math.random()}`,
    };
    let payload: RequestInit['body'];
    if (asMultipart) {
      const form = new FormData();
      form.append('file', new Blob([body], { type }), CANARY_FILE);
      payload = form;
    } else {
      headers['content-type'] = type;
      headers['content-disposition'] = `attachment; filename="${CANARY_FILE}"`;
      payload = body;
    }
    const response = await fetch(`${t.url}/v1/documents`, {
      method: 'POST',
      headers,
      body: payload,
    });
    const text = await response.text();
    bodies.push(text);
    await snapshotStorage();
    return { status: response.status, text };
  }

  async function follow(text: string) {
    const { job } = JSON.parse(text) as { job: { id: string } };
    const client = new SerenyaClient({ baseUrl: t.url, token });
    const done = await client.waitUntilDone(job.id, (event) => bodies.push(JSON.stringify(event)));
    await snapshotStorage();
    for (const path of [`/v1/jobs/${job.id}`, `/v1/jobs/${job.id}/result`]) {
      const response = await fetch(`${t.url}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = await response.text();
      if (path.endsWith('/result') && done.status === 'succeeded')
        assert.ok(body.includes(CANARY), 'positive control: the result has it');
      else bodies.push(body);
    }
    const receipt = await fetch(`${t.url}/v1/jobs/${job.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    bodies.push(await receipt.text());
    return done;
  }

  const lines = [`Patient: ${CANARY} Smith`, `MRN ${CANARY}`, 'Glucose 126 mg/dL 70 - 99 H'];

  test('success path, raw and multipart', async () => {
    const pdf = await makeLabReportPdf(
      [{ name: 'Glucose', value: '126', unit: 'mg/dL', range: '70 - 99' }],
      {
        header: lines,
        title: CANARY,
      },
    );
    for (const multipart of [false, true]) {
      const { status, text } = await upload(pdf, 'application/pdf', multipart);
      assert.equal(status, 202);
      assert.equal((await follow(text)).status, 'succeeded');
    }
  });

  test('failure paths: password, corrupt, too many pages, no text, mistyped, too large, unsupported', async () => {
    const cases: [Buffer, string][] = [
      [await makeTextPdf([lines], { userPassword: 'pw', title: CANARY }), 'application/pdf'],
      [
        Buffer.concat([Buffer.from(`%PDF-1.7\n% ${CANARY}\n`), Buffer.alloc(2000, 0x41)]),
        'application/pdf',
      ],
      [await makeTextPdf([lines, lines, lines], { title: CANARY }), 'application/pdf'],
      [await makeImageOnlyPdf(makePng()), 'application/pdf'],
      [Buffer.from(`${CANARY} is a plain text file`), 'application/pdf'],
      [Buffer.concat([await makeTextPdf([lines]), Buffer.alloc(300 * 1024)]), 'application/pdf'],
      [makePng(), 'image/png'],
    ];
    for (const [body, type] of cases) {
      for (const multipart of [false, true]) {
        const { status, text } = await upload(body, type, multipart);
        if (status === 202) assert.equal((await follow(text)).status, 'failed');
        else assert.ok(status >= 400, `status ${status}`);
      }
    }
  });

  test('retry exhaustion and purge', async () => {
    const flaky = new FlakyExtractor(100);
    const other = await startTestApp({ SERENYA_MAX_RETRIES: '1' }, { extractors: [flaky] });
    try {
      const otherToken = await other.token(`patient-${CANARY}`);
      const response = await fetch(`${other.url}/v1/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${otherToken}`, 'content-type': 'application/pdf' },
        body: await makeTextPdf([lines]),
      });
      const { job } = (await response.json()) as { job: { id: string } };
      const client = new SerenyaClient({ baseUrl: other.url, token: otherToken });
      const done = await client.waitUntilDone(job.id);
      assert.equal(done.status, 'failed');
      bodies.push(JSON.stringify(done), JSON.stringify(await client.purge()));
      assert.ok(!other.logs.text.includes(CANARY));
      assert.ok(!(await (await fetch(`${other.url}/metrics`)).text()).includes(CANARY));
    } finally {
      await other.stop();
    }
  });

  test('the canary is in no log line, metric, error body, storage name or stored byte', async () => {
    bodies.push(await (await fetch(`${t.url}/metrics`)).text());
    assert.ok(t.logs.lines.length > 20, 'logs were captured');
    assert.ok(bodies.length > 20, 'bodies were captured');
    assert.ok(storageNames.size > 0, 'storage names were captured');
    const leaks = [
      ...t.logs.lines.filter((l) => l.includes(CANARY)).map((l) => `log: ${l.slice(0, 200)}`),
      ...bodies.filter((b) => b.includes(CANARY)).map((b) => `body: ${b.slice(0, 200)}`),
      ...[...storageNames]
        .filter((n) => n.includes(CANARY) || n.includes('patient'))
        .map((n) => `name: ${n}`),
      ...storageContents.filter((c) => c.includes(CANARY)).map(() => 'stored plaintext'),
    ];
    assert.deepEqual(leaks, []);
    // The user id (token subject) is not in the logs either: only its keyed hash.
    assert.ok(!t.logs.text.includes('patient-'));
  });
});
