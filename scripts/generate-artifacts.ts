// Regenerates the committed contract files: the result JSON Schema, the OpenAPI document and
// the README's configuration table. A test fails when they are out of date.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  OPENAPI_PATH,
  README_PATH,
  RESULT_SCHEMA_PATH,
  openApiJson,
  readmeWithTable,
  resultSchemaJson,
} from './artifacts.js';

for (const [path, content] of [
  [RESULT_SCHEMA_PATH, resultSchemaJson()],
  [OPENAPI_PATH, await openApiJson()],
  [README_PATH, await readmeWithTable()],
] as const) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  process.stdout.write(`wrote ${path}\n`);
}
