import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import type { AnalysisResult } from '../../src/domain/result.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { fixturesOrSkip } from './shared-fixtures.js';

interface GroundTruth {
  readonly results: readonly { name: string; value: string; unit: string; ref_range: string }[];
  readonly phi: Readonly<Record<string, string | readonly string[]>>;
}

const dir = fixturesOrSkip('lab-reports/labsmart-cbc-sample');
const tight = (text: string) => text.replace(/\s+/g, '').toUpperCase();

describe(
  'labsmart CBC sample (a real report as a PNG) through the API',
  { skip: dir === undefined },
  () => {
    let t: TestApp;
    let truth: GroundTruth;
    let result: AnalysisResult;

    before(async () => {
      truth = JSON.parse(
        await readFile(join(dir ?? '', 'ground_truth.json'), 'utf8'),
      ) as GroundTruth;
      t = await startTestApp();
      const client = new SerenyaClient({ baseUrl: t.url, token: await t.token() });
      const { job } = await client.upload(await readFile(join(dir ?? '', 'labsmart_cbc.png')), {
        contentType: 'image/png',
      });
      const done = await client.waitUntilDone(job.id);
      assert.equal(done.status, 'succeeded');
      result = await client.result(job.id);
      await client.acknowledge(job.id);
    });
    after(() => t.stop());

    test('every result name and value of the ground truth is on one reconstructed line', (ctx) => {
      const lines = result.pageTexts.flatMap((page) => page.text.split('\n')).map(tight);
      const onOneLine = (cells: string[]) =>
        lines.some((line) => {
          let at = 0;
          for (const cell of cells.map(tight)) {
            const found = line.indexOf(cell, at);
            if (found < 0) return false;
            at = found + cell.length;
          }
          return true;
        });
      const withValue = truth.results.filter((r) => onOneLine([r.name, r.value]));
      const withRange = truth.results.filter((r) => onOneLine([r.name, r.value, r.ref_range]));
      ctx.diagnostic(
        `labsmart: ${withValue.length}/${truth.results.length} name and value on one line; ${withRange.length} also with the printed range`,
      );
      assert.deepEqual(
        truth.results.filter((r) => !withValue.includes(r)).map((r) => r.name),
        [],
      );
      assert.deepEqual(result.document.ocrPages, [1]);
    });

    test("the patient's identifiers on the page reach the result only, never the logs", () => {
      const canaries = Object.values(truth.phi)
        .flat()
        .filter((value) => value.length >= 6 && !/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(value));
      assert.ok(canaries.length > 0);
      for (const canary of canaries)
        assert.ok(!t.logs.text.includes(canary), 'a PHI canary reached the logs');
    });
  },
);
