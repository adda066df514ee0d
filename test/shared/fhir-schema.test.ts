import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { Ajv, type AnySchema, type AnySchemaObject, type ValidateFunction } from 'ajv';
import { createPipeline } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { AnalysisResult } from '../../src/domain/result.js';
import { createLogger } from '../../src/observability/logger.js';
import { EMITTED_LOINC } from '../../src/pipeline/format/fhir.codes.js';
import { toFhirBundle } from '../../src/pipeline/format/fhir.formatter.js';
import {
  SAMPLE_LOINC,
  SAMPLE_QUALITATIVE_LOINC,
  SAMPLE_RXNORM,
  SAMPLE_SNOMED,
  emptySample,
  randomSample,
  richSample,
} from '../helpers/fhir-samples.js';
import { processDocument } from '../../src/pipeline/process-document.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import { fixturesOrSkip } from './shared-fixtures.js';

const fhirDir = fixturesOrSkip('fhir');
const referenceDir = fixturesOrSkip('reference');
const ccdaDir = fixturesOrSkip('ccda/ground-truth');
const require = createRequire(import.meta.url);

/**
 * The official FHIR R4 schema is draft-06, names itself with `id` (which ajv 8 refuses: the
 * keyword is dropped, nothing refers to the schema by that id) and carries an OpenAPI-style
 * `discriminator` with `mapping`, which ajv does not support: with strict off it is ignored and
 * the root `oneOf` does the work (each branch pins `resourceType`).
 */
async function compileFhirSchema(dir: string): Promise<ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: false });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as AnySchemaObject);
  ajv.removeKeyword('id');
  const schema = JSON.parse(await readFile(join(dir, 'fhir.schema.json'), 'utf8')) as AnySchema;
  return ajv.compile(schema);
}

/** Splits one CSV line, honouring double quotes. */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === '"' && quoted && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  return [...cells, cell];
}

/** code → display from a reference CSV whose first two columns are code and display. */
async function codeTable(file: string): Promise<Map<string, string>> {
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/).slice(1).filter(Boolean);
  return new Map(lines.map(csvCells).map(([code = '', display = '']) => [code, display]));
}

/** SNOMED CT codes of problem values in the C-CDA ground truth. */
async function snomedProblems(dir: string): Promise<Set<string>> {
  const codes = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.codeSystem === '2.16.840.1.113883.6.96' && typeof record.code === 'string')
        codes.add(record.code);
      Object.values(record).forEach(visit);
    }
  };
  for (const file of await readdir(dir)) {
    if (!file.endsWith('.gt.json')) continue;
    const truth = JSON.parse(await readFile(join(dir, file), 'utf8')) as { problems?: unknown };
    visit(truth.problems);
  }
  return codes;
}

/** A lab report generated in code, through the whole local pipeline. */
async function pipelineResult(): Promise<AnalysisResult> {
  const config = loadConfig({ NODE_ENV: 'test' }, { requireSecrets: false });
  const deps = createPipeline(config, createLogger('silent'));
  try {
    const pdf = await makeLabReportPdf(SAMPLE_ROWS);
    return await processDocument(pdf, 'application/pdf', deps, {
      jobId: randomUUID(),
      signal: AbortSignal.timeout(60_000),
      onProgress: () => undefined,
    });
  } finally {
    await Promise.all(deps.extractors.map((e) => e.close?.() ?? Promise.resolve()));
  }
}

describe('FHIR R4 output against the official schema', { skip: fhirDir === undefined }, () => {
  let validate: ValidateFunction;
  const check = (value: unknown): boolean => validate(value);
  const why = () =>
    JSON.stringify(validate.errors?.slice(0, 3).map((e) => [e.instancePath, e.message]));

  before(async () => {
    const started = performance.now();
    validate = await compileFhirSchema(fhirDir ?? '');
    process.stdout.write(`fhir schema compiled in ${Math.round(performance.now() - started)} ms\n`);
  });

  test('positive controls: the official examples validate', async () => {
    const dir = join(fhirDir ?? '', 'examples');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 5);
    for (const file of files) {
      const example: unknown = JSON.parse(await readFile(join(dir, file), 'utf8'));
      assert.ok(check(example), `${file}: ${why()}`);
    }
  });

  test('negative controls: invalid resources are rejected', () => {
    const subject = { reference: 'urn:uuid:7d0b1f2e-1c1a-4d2c-9a7e-0f6e2f1b0c11' };
    const observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      subject,
    };
    assert.ok(check(observation), why());
    const invalid: [string, unknown][] = [
      ['a quantity value as a string', { ...observation, valueQuantity: { value: '7.2' } }],
      ['an unknown comparator', { ...observation, valueQuantity: { value: 1, comparator: '≈' } }],
      ['interpretation not an array', { ...observation, interpretation: { text: 'High' } }],
      ['an unknown element', { ...observation, flag: 'H' }],
      ['an unknown resource type', { resourceType: 'LabThing', id: 'a' }],
      ['a bad id', { resourceType: 'Patient', id: 'not an id!' }],
      ['a patient with a made-up element', { resourceType: 'Patient', id: 'a', nickname: 'x' }],
      [
        'a nested resource with a wrong type',
        {
          resourceType: 'Bundle',
          type: 'collection',
          entry: [{ resource: { ...observation, code: { text: 42 } } }],
        },
      ],
    ];
    for (const [what, resource] of invalid) assert.equal(check(resource), false, what);
    // And the formatter's own output, broken in one place.
    const bundle = toFhirBundle(richSample());
    const broken = structuredClone(bundle) as unknown as {
      entry: { resource: Record<string, unknown> }[];
    };
    const target = broken.entry.find((e) => e.resource.resourceType === 'MedicationStatement');
    assert.ok(target !== undefined);
    target.resource.dosage = 'once daily';
    assert.equal(check(broken), false, 'a dosage as a string inside the bundle');
  });

  test('bundles and every resource from generated results validate', () => {
    const results = [
      richSample(),
      emptySample(),
      ...Array.from({ length: 40 }, (_, i) => randomSample(i + 1)),
    ];
    let resources = 0;
    for (const result of results) {
      const bundle = toFhirBundle(result);
      assert.ok(check(bundle), `bundle of ${result.jobId}: ${why()}`);
      for (const entry of bundle.entry) {
        assert.ok(
          check(entry.resource),
          `${entry.resource.resourceType} of ${result.jobId}: ${why()}`,
        );
        resources++;
      }
    }
    process.stdout.write(`fhir: ${results.length} bundles, ${resources} resources valid\n`);
  });

  test('the bundle of a generated lab report run through the local pipeline validates', async () => {
    const result = await pipelineResult();
    assert.ok(result.labs.length > 0);
    const bundle = toFhirBundle(result);
    assert.ok(check(bundle), why());
    for (const entry of bundle.entry) assert.ok(check(entry.resource), why());
  });
});

describe('codes in the FHIR output are verified', { skip: referenceDir === undefined }, () => {
  let loinc: Map<string, string>;
  let rxnorm: Map<string, string>;
  before(async () => {
    loinc = await codeTable(join(referenceDir ?? '', 'loinc_codes_seen_in_synthea_and_ccda.csv'));
    rxnorm = await codeTable(join(referenceDir ?? '', 'rxnorm_codes_seen_in_synthea.csv'));
  });
  const assertListed = (
    table: Map<string, string>,
    entries: readonly { code: string; display: string }[],
  ) => {
    for (const { code, display } of entries) assert.equal(table.get(code), display, `code ${code}`);
  };

  test('every vital-sign LOINC code the formatter emits is in the reference list', () => {
    assert.ok(EMITTED_LOINC.length >= 9);
    assertListed(loinc, EMITTED_LOINC);
  });

  test("the test samples' LOINC and RxNorm codes are in the reference lists", () => {
    assertListed(loinc, [...SAMPLE_LOINC, SAMPLE_QUALITATIVE_LOINC]);
    assertListed(rxnorm, SAMPLE_RXNORM);
  });

  test(
    "the test samples' SNOMED CT codes are problems in the C-CDA ground truth",
    { skip: ccdaDir === undefined },
    async () => {
      const snomed = await snomedProblems(ccdaDir ?? '');
      for (const { code } of SAMPLE_SNOMED) assert.ok(snomed.has(code), `SNOMED ${code}`);
    },
  );
});
