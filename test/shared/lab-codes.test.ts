import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { LAB_TESTS } from '../../src/pipeline/interpret/labs/lab-tests.data.js';
import { fixturesOrSkip } from './shared-fixtures.js';

const dir = fixturesOrSkip('reference');

/** LOINC codes in the reference files: a CSV column, quoted fields and stray newlines allowed. */
async function referenceCodes(folder: string): Promise<Set<string>> {
  const codes = new Set<string>();
  for (const file of ['loinc_codes_seen_in_synthea_and_ccda.csv', 'D_LABITEMS.csv']) {
    const text = await readFile(join(folder, file), 'utf8');
    for (const match of text.matchAll(/(?<![\d-])(\d{1,6}-\d)(?![\d-])/g)) {
      if (match[1] !== undefined) codes.add(match[1]);
    }
  }
  return codes;
}

describe(
  'lab catalogue codes are verified against ../shared/fixtures/reference',
  { skip: dir === undefined },
  () => {
    test('every LOINC code in the catalogue appears in the reference data', async () => {
      const known = await referenceCodes(dir ?? '');
      const used = LAB_TESTS.flatMap((t) => [
        t.loinc,
        t.percentLoinc,
        ...(t.alsoSeen ?? []),
      ]).filter((code): code is string => code !== undefined);
      const unverified = used.filter((code) => !known.has(code));
      process.stdout.write(
        `lab catalogue: ${LAB_TESTS.length} tests, ${used.length} codes, ${used.length - unverified.length} verified\n`,
      );
      assert.deepEqual(unverified, []);
    });

    test('the reference check itself rejects a made-up code (negative control)', async () => {
      const known = await referenceCodes(dir ?? '');
      assert.equal(known.has('99999-9'), false);
      assert.ok(known.size > 500, `read ${known.size} codes`);
    });
  },
);
