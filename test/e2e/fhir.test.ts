import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import type { AnalysisResult } from '../../src/domain/result.js';
import type {
  FhirBundle,
  FhirDiagnosticReport,
  FhirObservation,
} from '../../src/pipeline/format/fhir.types.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Personal details printed on the report: in the JSON result's page text, never in FHIR. */
const CANARIES = ['Quentin Fhircanary', '99887766'];
const MAIN = join(import.meta.dirname, '../../src/main.ts');

function observations(bundle: FhirBundle): FhirObservation[] {
  return bundle.entry
    .map((entry) => entry.resource)
    .filter((r): r is FhirObservation => r.resourceType === 'Observation');
}

describe('FHIR R4 output (real socket and CLI)', () => {
  let t: TestApp;
  let client: SerenyaClient;
  let report: Buffer;
  let jobId: string;
  let result: AnalysisResult;

  const get = async (query: string, accept?: string, sub = 'user-a') =>
    fetch(`${t.url}/v1/jobs/${jobId}/result${query}`, {
      headers: {
        authorization: `Bearer ${await t.token(sub)}`,
        ...(accept === undefined ? {} : { accept }),
      },
    });

  before(async () => {
    t = await startTestApp();
    client = new SerenyaClient({ baseUrl: t.url, token: await t.token('user-a') });
    report = await makeLabReportPdf(SAMPLE_ROWS, {
      header: [`Patient: ${CANARIES[0] ?? ''}`, `MRN: ${CANARIES[1] ?? ''}`],
    });
    const { job } = await client.upload(report, { contentType: 'application/pdf' });
    jobId = job.id;
    assert.equal((await client.waitUntilDone(jobId)).status, 'succeeded');
    result = await client.result(jobId);
  });
  after(async () => {
    await client.acknowledge(jobId).catch(() => undefined);
    await t.stop();
  });

  test('?format=fhir answers a Bundle as application/fhir+json, matching the JSON result', async () => {
    const response = await get('?format=fhir');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/fhir\+json\b/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const text = await response.text();
    const bundle = JSON.parse(text) as FhirBundle;
    assert.equal(bundle.resourceType, 'Bundle');
    assert.equal(bundle.type, 'collection');
    const labs = observations(bundle);
    assert.equal(labs.length, SAMPLE_ROWS.length);
    assert.equal(result.labs.length, SAMPLE_ROWS.length);
    assert.deepEqual(
      labs.map((o) => [o.code.text, o.valueQuantity?.value]),
      result.labs.map((lab) => [lab.name, lab.value]),
    );
    const flagged = labs.filter((o) => o.interpretation?.[0]?.coding?.[0]?.code !== 'N');
    assert.deepEqual(
      flagged.map((o) => [o.code.text, o.interpretation?.[0]?.coding?.[0]?.code]),
      [
        ['Hemoglobin', 'L'],
        ['Glucose', 'H'],
      ],
    );
    const report = bundle.entry.find((e) => e.resource.resourceType === 'DiagnosticReport')
      ?.resource as FhirDiagnosticReport | undefined;
    const urls = bundle.entry.filter((e) => e.resource.resourceType === 'Observation');
    assert.deepEqual(
      report?.result?.map((r) => r.reference),
      urls.map((e) => e.fullUrl),
    );
    // The page text carries the canaries; the bundle does not.
    for (const canary of CANARIES) {
      assert.ok(result.pageTexts.some((page) => page.text.includes(canary)));
      assert.equal(text.includes(canary), false);
    }
    assert.equal(/"(extension|pageTexts|phi|name|identifier)"/.test(text), false);
  });

  test('Accept: application/fhir+json gives the same bundle; q-values and ?format decide', async () => {
    const byQuery = (await (await get('?format=fhir')).json()) as FhirBundle;
    const response = await get('', 'application/fhir+json');
    assert.match(response.headers.get('content-type') ?? '', /^application\/fhir\+json\b/);
    const byAccept = (await response.json()) as FhirBundle;
    assert.deepEqual({ ...byAccept, timestamp: '' }, { ...byQuery, timestamp: '' });

    const isJsonResult = async (response: Response) => {
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json\b/);
      assert.equal(((await response.json()) as AnalysisResult).schemaVersion, '1');
    };
    await isJsonResult(await get('', 'application/fhir+json;q=0.5, application/json'));
    await isJsonResult(await get('?format=json', 'application/fhir+json'));
    await isJsonResult(await get('', 'application/json'));
    await isJsonResult(await get(''));
    const preferred = await get('', 'application/fhir+json, */*;q=0.8');
    assert.match(preferred.headers.get('content-type') ?? '', /^application\/fhir\+json\b/);
  });

  test('deliveries are audited with their format; logs hold no canary', () => {
    const delivered = t.logs.audit('job.delivered').filter((e) => e.jobId === jobId);
    assert.ok(delivered.some((e) => e.format === 'fhir'));
    assert.ok(delivered.some((e) => e.format === 'json'));
    for (const canary of CANARIES) assert.equal(t.logs.text.includes(canary), false);
  });

  test("another user's job is 404 in FHIR too", async () => {
    const response = await get('?format=fhir', undefined, 'user-b');
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { code: string }).code, 'not_found');
  });

  test('serenya analyze <file> --format fhir prints the bundle', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'serenya-fhir-'));
    try {
      const file = join(dir, 'report.pdf');
      await writeFile(file, report);
      const run = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', MAIN, 'analyze', file, '--format', 'fhir'],
          {
            env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
            stdio: ['ignore', 'pipe', 'ignore'],
          },
        );
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, stdout });
        });
      });
      assert.equal(run.code, 0);
      const bundle = JSON.parse(run.stdout) as FhirBundle;
      assert.equal(bundle.resourceType, 'Bundle');
      assert.deepEqual(
        observations(bundle).map((o) => o.code.text),
        SAMPLE_ROWS.map((row) => row.name),
      );
      for (const canary of CANARIES) assert.equal(run.stdout.includes(canary), false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
