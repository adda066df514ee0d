import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ApiProblemError, SerenyaClient } from '../../src/client/serenya-client.js';
import { ERROR_CODES } from '../../src/domain/errors.js';
import { eventually, startTestApp, type TestApp } from '../helpers/test-app.js';
import { fixturesOrSkip } from './shared-fixtures.js';

interface Sample {
  path: string;
  pages: number;
  encrypted: boolean;
}

const dir = fixturesOrSkip('pdf-samples');
const samples =
  dir === undefined
    ? []
    : (JSON.parse(await readFile(join(dir, 'files.json'), 'utf8')) as { data: Sample[] }).data;

describe(
  'pdf-samples: 31 varied real PDFs through the HTTP API',
  { skip: dir === undefined },
  () => {
    let t: TestApp;
    let client: SerenyaClient;
    const outcomes = new Map<string, string>();

    before(async () => {
      t = await startTestApp({ SERENYA_MAX_PAGES: '50', SERENYA_RATE_LIMIT_PER_MINUTE: '100000' });
      client = new SerenyaClient({ baseUrl: t.url, token: await t.token() });
    });
    after(async () => {
      const counts = new Map<string, number>();
      for (const outcome of outcomes.values()) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      process.stdout.write(`pdf-samples outcomes: ${JSON.stringify(Object.fromEntries(counts))}\n`);
      await t.stop();
    });

    for (const sample of samples) {
      const path = join(dir ?? '', sample.path);
      test(
        sample.path,
        { skip: existsSync(path) ? false : 'file not in the fixture folder' },
        async () => {
          const { job } = await client.upload(await readFile(path), {
            contentType: 'application/pdf',
          });
          const done = await client.waitUntilDone(job.id);
          if (done.status === 'succeeded') {
            const result = await client.result(job.id);
            assert.equal(result.document.pages, sample.pages, 'page count as files.json says');
            assert.ok(result.pageTexts.some((p) => p.text.trim().length > 0));
            outcomes.set(sample.path, 'succeeded');
          } else {
            assert.equal(done.status, 'failed');
            const code = done.error?.code ?? 'none';
            assert.ok((ERROR_CODES as readonly string[]).includes(code), code);
            assert.notEqual(code, 'internal', 'a well-formed PDF is never an internal error');
            if (sample.encrypted) assert.equal(code, 'password_protected');
            if (sample.pages > 50) assert.equal(code, 'too_many_pages');
            outcomes.set(sample.path, code);
          }
          if (sample.encrypted) assert.equal(done.error?.code, 'password_protected');
          await client.acknowledge(job.id);
          await assert.rejects(client.result(job.id), (e: unknown) => e instanceof ApiProblemError);
        },
      );
    }

    test('afterwards: service healthy, nothing left on disk', async () => {
      assert.equal((await fetch(`${t.url}/healthz`)).status, 200);
      await eventually(
        async () => ((await t.files()).length === 0 ? true : undefined),
        5000,
        'no files',
      );
    });
  },
);
