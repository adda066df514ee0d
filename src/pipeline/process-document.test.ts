import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Value from 'typebox/value';
import { makeLabReportPdf, makeTextPdf, SAMPLE_ROWS } from '../../test/helpers/documents.js';
import { ServiceError, type ErrorCode } from '../domain/errors.js';
import type { Stage } from '../domain/job.js';
import { AnalysisResultSchema } from '../domain/result.js';
import type { Extractor } from './extract/extractor.port.js';
import { InProcessExtractor } from '../../test/helpers/in-process-extractor.js';
import { LocalInterpreter } from './interpret/local.interpreter.js';
import {
  processableTypes,
  processDocument,
  type PipelineContext,
  type PipelineDeps,
} from './process-document.js';

interface Recorder {
  readonly context: PipelineContext;
  readonly progress: { stage: Stage; page?: number; pages?: number }[];
  readonly done: { stage: Stage; seconds: number }[];
}

function recorder(signal = new AbortController().signal): Recorder {
  const progress: Recorder['progress'] = [];
  const done: Recorder['done'] = [];
  return {
    progress,
    done,
    context: {
      jobId: 'job-1',
      signal,
      onProgress: (stage, page, pages) =>
        progress.push({
          stage,
          ...(page === undefined ? {} : { page }),
          ...(pages === undefined ? {} : { pages }),
        }),
      onStageDone: (stage, seconds) => done.push({ stage, seconds }),
    },
  };
}

function deps(overrides: Partial<PipelineDeps> = {}): PipelineDeps {
  return {
    extractors: [new InProcessExtractor()],
    interpreter: new LocalInterpreter(),
    maxPages: 20,
    ...overrides,
  };
}

async function rejectsWith(work: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  });
}

/** Collapses consecutive repeats: the stage sequence as a user would see it. */
function stagesOf(progress: Recorder['progress']): Stage[] {
  return progress.map((p) => p.stage).filter((stage, i, all) => stage !== all[i - 1]);
}

describe('processDocument', () => {
  test('a generated lab report: labs with the two flagged results and a valid result', async () => {
    const { context, progress, done } = recorder();
    const bytes = await makeLabReportPdf(SAMPLE_ROWS, { header: ['Patient: Jane Doe'] });
    const result = await processDocument(bytes, 'application/pdf', deps(), context);

    assert.ok(
      Value.Check(AnalysisResultSchema, result),
      JSON.stringify([...Value.Errors(AnalysisResultSchema, result)]),
    );
    assert.equal(result.jobId, 'job-1');
    assert.deepEqual(result.engine, new LocalInterpreter().engine);
    assert.equal(result.document.mediaType, 'application/pdf');
    assert.equal(result.document.pages, 1);

    assert.deepEqual(
      result.labs.map((lab) => lab.name),
      SAMPLE_ROWS.map((row) => row.name),
    );
    for (const [i, row] of SAMPLE_ROWS.entries()) {
      const lab = result.labs[i];
      assert.equal(lab?.valueText, row.value);
      assert.equal(lab.unit, row.unit);
      assert.equal(lab.referenceRange?.text, row.range);
      assert.equal(lab.page, 1);
    }
    const flagged = result.labs.filter((lab) => lab.flag !== 'normal' && lab.flag !== null);
    assert.deepEqual(
      flagged.map((lab) => [lab.name, lab.flag, lab.flagSource]),
      [
        ['Hemoglobin', 'low', 'printed'],
        ['Glucose', 'high', 'printed'],
      ],
    );
    assert.equal(result.summary.headline, '2 of 5 results are outside the reference range.');
    assert.deepEqual(
      result.summary.items.flatMap((item) => item.refs),
      ['#/labs/0', '#/labs/3'],
    );
    assert.deepEqual(result.warnings, []);

    assert.deepEqual(stagesOf(progress), ['validate', 'extract', 'interpret', 'format']);
    assert.deepEqual(
      progress.filter((p) => p.page !== undefined),
      [{ stage: 'extract', page: 1, pages: 1 }],
    );
    assert.deepEqual(
      done.map((d) => d.stage),
      ['validate', 'extract', 'interpret', 'format'],
    );
    for (const { seconds } of done) assert.ok(seconds >= 0 && Number.isFinite(seconds));
  });

  test('a multi-page document reports extract progress per page, in order', async () => {
    const { context, progress } = recorder();
    const bytes = await makeTextPdf([
      ['Glucose 126 mg/dL 70 - 99'],
      ['Nothing here'],
      ['Hemoglobin 13.0 g/dL 12.0 - 15.5'],
    ]);
    const result = await processDocument(bytes, 'application/pdf', deps(), context);
    assert.deepEqual(
      progress.filter((p) => p.page !== undefined).map((p) => `${p.page}/${p.pages}`),
      ['1/3', '2/3', '3/3'],
    );
    assert.deepEqual(stagesOf(progress), ['validate', 'extract', 'interpret', 'format']);
    assert.deepEqual(
      result.labs.map((lab) => [lab.name, lab.page]),
      [
        ['Glucose', 1],
        ['Hemoglobin', 3],
      ],
    );
    assert.equal(result.pageTexts.length, 3);
  });

  test('a document with no labs still succeeds, with a warning', async () => {
    const bytes = await makeTextPdf([['Dear patient, your appointment is confirmed.']]);
    const result = await processDocument(bytes, 'application/pdf', deps(), recorder().context);
    assert.deepEqual(result.labs, []);
    assert.equal(result.warnings.length, 1);
    assert.equal(result.summary.headline, 'No lab results were recognised in this document.');
  });

  test('unsupported media type → unsupported_media_type, before any extraction', async () => {
    const { context, progress } = recorder();
    const bytes = await makeLabReportPdf(SAMPLE_ROWS);
    const pdfOnly: Extractor = {
      mediaTypes: ['application/pdf'],
      extract: (input, options) => new InProcessExtractor().extract(input, options),
    };
    await rejectsWith(
      processDocument(bytes, 'image/png', deps({ extractors: [pdfOnly] }), context),
      'unsupported_media_type',
    );
    assert.deepEqual(stagesOf(progress), ['validate']);
  });

  test('no extractors at all → unsupported_media_type', async () => {
    await rejectsWith(
      processDocument(
        Buffer.from('%PDF-1.7'),
        'application/pdf',
        deps({ extractors: [] }),
        recorder().context,
      ),
      'unsupported_media_type',
    );
  });

  test('empty bytes → corrupt_document, and the extractor is never called', async () => {
    let called = false;
    const spy: Extractor = {
      mediaTypes: ['application/pdf'],
      extract: async () => {
        called = true;
        throw new Error('should not be called');
      },
    };
    const { context, progress } = recorder();
    await rejectsWith(
      processDocument(new Uint8Array(0), 'application/pdf', deps({ extractors: [spy] }), context),
      'corrupt_document',
    );
    assert.equal(called, false);
    assert.deepEqual(stagesOf(progress), ['validate']);
  });

  test('extractor errors propagate with their code', async () => {
    const { context, progress } = recorder();
    await rejectsWith(
      processDocument(Buffer.from('%PDF-1.7\ngarbage'), 'application/pdf', deps(), context),
      'corrupt_document',
    );
    assert.deepEqual(stagesOf(progress), ['validate', 'extract']);
  });

  test('maxPages from the deps reaches the extractor', async () => {
    const bytes = await makeTextPdf([['a'], ['b'], ['c']]);
    await rejectsWith(
      processDocument(bytes, 'application/pdf', deps({ maxPages: 2 }), recorder().context),
      'too_many_pages',
    );
  });

  test('the extractor is chosen by media type', async () => {
    const calls: string[] = [];
    const fake = (name: string, mediaType: 'image/png' | 'application/pdf'): Extractor => ({
      mediaTypes: [mediaType],
      extract: async () => {
        calls.push(name);
        return {
          mediaType,
          pageCount: 1,
          pages: [
            {
              number: 1,
              width: 100,
              height: 100,
              lines: [
                {
                  text: 'Glucose 80 mg/dL 70 - 99',
                  bbox: [0, 0, 10, 10],
                  confidence: 0.9,
                  cells: [{ text: 'Glucose 80 mg/dL 70 - 99', x0: 0, x1: 10 }],
                },
              ],
            },
          ],
          ocrPages: mediaType === 'image/png' ? [1] : [],
        };
      },
    });
    const result = await processDocument(
      Buffer.from([1, 2, 3]),
      'image/png',
      deps({ extractors: [fake('pdf', 'application/pdf'), fake('png', 'image/png')] }),
      recorder().context,
    );
    assert.deepEqual(calls, ['png']);
    assert.equal(result.document.mediaType, 'image/png');
    assert.deepEqual(result.document.ocrPages, [1]);
    assert.equal(result.labs[0]?.flag, 'normal');
  });

  test('an aborted signal stops the run with the abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('job cancelled');
    controller.abort(reason);
    const bytes = await makeLabReportPdf(SAMPLE_ROWS);
    await assert.rejects(
      processDocument(bytes, 'application/pdf', deps(), recorder(controller.signal).context),
      (error: unknown) => error === reason,
    );
  });
});

describe('processableTypes', () => {
  test('lists each media type some extractor reads, once', () => {
    const fake = (types: Extractor['mediaTypes']): Extractor => ({
      mediaTypes: types,
      extract: () => Promise.reject(new Error('unused')),
    });
    assert.deepEqual(
      processableTypes({
        extractors: [fake(['application/pdf']), fake(['image/png', 'application/pdf'])],
      }),
      ['application/pdf', 'image/png'],
    );
    assert.deepEqual(processableTypes({ extractors: [] }), []);
  });
});
