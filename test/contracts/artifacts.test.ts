import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import {
  OPENAPI_PATH,
  README_PATH,
  RESULT_SCHEMA_PATH,
  openApiJson,
  readmeWithTable,
  resultSchemaJson,
} from '../../scripts/artifacts.js';

describe('committed contract files match the code (regenerate with npm run schemas)', () => {
  test('schemas/result.schema.json', async () => {
    assert.equal(await readFile(RESULT_SCHEMA_PATH, 'utf8'), resultSchemaJson());
  });

  test('docs/openapi.json', async () => {
    assert.equal(await readFile(OPENAPI_PATH, 'utf8'), await openApiJson());
  });

  test("README.md's configuration table", async () => {
    assert.equal(await readFile(README_PATH, 'utf8'), await readmeWithTable());
  });
});
