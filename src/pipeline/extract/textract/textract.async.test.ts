import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeLabReportPdf, SAMPLE_ROWS } from '../../../../test/helpers/documents.js';
import { InProcessExtractor } from '../../../../test/helpers/in-process-extractor.js';
import {
  startAwsJsonServer,
  type AwsCall,
  type AwsJsonServer,
  type AwsReply,
} from '../../../../test/helpers/providers/aws-json-server.js';
import {
  documentAnalysisAnswers,
  LAB_PAGE,
  TextractBlocks,
} from '../../../../test/helpers/providers/textract-blocks.js';
import {
  extractOptions,
  metricValue,
  RememberingExtractor,
  textractUnderTest,
} from '../../../../test/helpers/providers/textract-harness.js';
import {
  startStagingS3,
  type StagingS3,
} from '../../../../test/helpers/providers/textract-staging-s3.js';
import { imagesToPdf, rasterise } from '../../../../test/helpers/scans.js';
import { TEXTRACT_NOT_STAGED, TEXTRACT_UNAVAILABLE } from './textract.extractor.js';

const BUCKET = 'serenya-textract-staging';
let textract: AwsJsonServer;
let s3: StagingS3;
let handle: (call: AwsCall) => AwsReply;
const fallback = new RememberingExtractor(new InProcessExtractor());
let twoPages: Buffer;

before(async () => {
  textract = await startAwsJsonServer({ service: 'textract', handler: (call) => handle(call) });
  s3 = await startStagingS3();
  const scan = await rasterise(await makeLabReportPdf(SAMPLE_ROWS), 100);
  twoPages = await imagesToPdf([scan, scan]);
});
after(async () => {
  await textract.close();
  await s3.close();
  await fallback.close();
});

function fresh(handler: (call: AwsCall) => AwsReply, staged = true) {
  textract.calls.length = 0;
  s3.requests.length = 0;
  fallback.calls = 0;
  handle = handler;
  return textractUnderTest({
    endpoint: textract.url,
    fallback,
    ...(staged ? { s3Endpoint: s3.url } : {}),
  });
}

/** A job that is in progress once, then answers two pages in two answers chained by NextToken. */
function finishedJob(onStart: (call: AwsCall) => void = () => undefined) {
  const generator = new TextractBlocks();
  const answers = documentAnalysisAnswers([
    generator.page({ ...LAB_PAGE, header: 'PAGE ONE' }, 1),
    generator.page({ ...LAB_PAGE, header: 'PAGE TWO' }, 2),
  ]);
  let polls = 0;
  return (call: AwsCall): AwsReply => {
    if (call.operation === 'StartDocumentAnalysis') {
      onStart(call);
      return { body: { JobId: 'job-7' } };
    }
    if (call.body.NextToken === 'next-2') return { body: answers[1] };
    polls += 1;
    return polls === 1 ? { body: { JobStatus: 'IN_PROGRESS' } } : { body: answers[0] };
  };
}

test('a multi-page scanned PDF is staged, analysed asynchronously page by page, and deleted', async () => {
  let storedAtStart = false;
  const { extractor, registry } = fresh(finishedJob(() => (storedAtStart = s3.objects.size === 1)));
  const document = await extractor.extract(twoPages, extractOptions('application/pdf').options);

  assert.deepEqual(
    textract.calls.map((call) => [call.operation, call.body.NextToken ?? null]),
    [
      ['StartDocumentAnalysis', null],
      ['GetDocumentAnalysis', null],
      ['GetDocumentAnalysis', null],
      ['GetDocumentAnalysis', 'next-2'],
    ],
  );
  assert.equal(textract.badSignatures, 0);
  const [put, remove] = s3.requests;
  assert.deepEqual(
    s3.requests.map((request) => request.method),
    ['PUT', 'DELETE'],
  );
  assert.ok(put && remove);
  assert.equal(storedAtStart, true, 'the document was staged before the job started');
  assert.equal(put.bucket, BUCKET);
  assert.match(put.key, /^textract\/[0-9a-f-]{36}\.pdf$/);
  assert.equal(put.bodyBytes, twoPages.length);
  assert.equal(put.headers['x-amz-server-side-encryption'], 'aws:kms');
  for (const request of s3.requests)
    assert.match(String(request.headers.authorization), /^AWS4-HMAC-SHA256 Credential=/);
  assert.equal(remove.key, put.key);
  assert.equal(s3.objects.size, 0);

  const start = textract.calls[0]?.body;
  assert.deepEqual(start?.DocumentLocation, { S3Object: { Bucket: BUCKET, Name: put.key } });
  assert.deepEqual(start.FeatureTypes, ['TABLES', 'FORMS']);
  assert.ok(put.key.includes(String(start.ClientRequestToken)));
  assert.ok(textract.calls.slice(1).every((call) => call.body.JobId === 'job-7'));

  assert.equal(document.pageCount, 2);
  assert.deepEqual(document.ocrPages, [1, 2]);
  assert.deepEqual(
    document.pages.map((page) => [page.number, page.lines[0]?.text, page.lines[2]?.cells.length]),
    [
      [1, 'PAGE ONE', 4],
      [2, 'PAGE TWO', 4],
    ],
  );
  const billed = { provider: 'textract', unit: 'page' };
  assert.equal(await metricValue(registry, 'serenya_provider_billed_units_total', billed), 2);
});

test('the staged copy is deleted when polling fails, and the embedded reading is kept', async () => {
  const { extractor, registry } = fresh((call) =>
    call.operation === 'StartDocumentAnalysis'
      ? { body: { JobId: 'job-8' } }
      : { error: 'InternalServerError', status: 500 },
  );
  const document = await extractor.extract(twoPages, extractOptions('application/pdf').options);

  assert.deepEqual(
    textract.calls.map((call) => call.operation),
    ['StartDocumentAnalysis', 'GetDocumentAnalysis', 'GetDocumentAnalysis', 'GetDocumentAnalysis'],
  );
  assert.deepEqual(
    s3.requests.map((request) => request.method),
    ['PUT', 'DELETE'],
  );
  assert.equal(s3.objects.size, 0);
  assert.deepEqual(document.warnings, [TEXTRACT_UNAVAILABLE]);
  assert.deepEqual(document.ocrPages, [1, 2], 'the embedded reader OCRed both pages');
  assert.ok(document.pages[0]?.lines.some((line) => line.text.includes('CITY LABORATORY')));
  const reason = { provider: 'textract', reason: 'server_error' };
  assert.equal(await metricValue(registry, 'serenya_provider_fallbacks_total', reason), 1);
});

test('a job cancelled while Textract works still deletes the staged copy', async () => {
  const controller = new AbortController();
  const { extractor } = fresh((call) => {
    if (call.operation === 'StartDocumentAnalysis') return { body: { JobId: 'job-9' } };
    controller.abort(new Error('job cancelled'));
    return { body: { JobStatus: 'IN_PROGRESS' } };
  });
  await assert.rejects(
    extractor.extract(twoPages, extractOptions('application/pdf', controller.signal).options),
    /job cancelled/,
  );
  assert.deepEqual(
    s3.requests.map((request) => request.method),
    ['PUT', 'DELETE'],
  );
  assert.equal(s3.objects.size, 0);
});

test('a FAILED job is Textract refusing the document: the embedded reading, no fallback counted', async () => {
  const { extractor, registry } = fresh((call) =>
    call.operation === 'StartDocumentAnalysis'
      ? { body: { JobId: 'job-10' } }
      : { body: { JobStatus: 'FAILED', StatusMessage: 'test failure' } },
  );
  const document = await extractor.extract(twoPages, extractOptions('application/pdf').options);
  assert.equal(document.warnings, undefined);
  assert.deepEqual(document.ocrPages, [1, 2]);
  assert.deepEqual(
    s3.requests.map((request) => request.method),
    ['PUT', 'DELETE'],
  );
  const fallbacks = registry.getSingleMetric('serenya_provider_fallbacks_total');
  assert.deepEqual((await fallbacks?.get())?.values, []);
});

test('without a staging bucket a multi-page scan keeps the embedded reading, with a warning', async () => {
  const { extractor } = fresh(finishedJob(), false);
  const document = await extractor.extract(twoPages, extractOptions('application/pdf').options);
  assert.equal(textract.calls.length, 0);
  assert.equal(s3.requests.length, 0);
  assert.equal(fallback.calls, 1);
  assert.deepEqual(document.warnings, [TEXTRACT_NOT_STAGED]);
  assert.deepEqual(document.ocrPages, [1, 2]);
});

test('a partial success replaces only the pages Textract returned', async () => {
  const page2 = new TextractBlocks().page({ ...LAB_PAGE, header: 'PAGE TWO' }, 2);
  const { extractor } = fresh((call) =>
    call.operation === 'StartDocumentAnalysis'
      ? { body: { JobId: 'job-11' } }
      : {
          body: {
            DocumentMetadata: { Pages: 2 },
            JobStatus: 'PARTIAL_SUCCESS',
            Warnings: [{ ErrorCode: 'INTERNAL_ERROR', Pages: [1] }],
            Blocks: page2,
          },
        },
  );
  const document = await extractor.extract(twoPages, extractOptions('application/pdf').options);
  assert.equal(document.pageCount, 2);
  assert.ok(document.pages[0]?.lines.some((line) => line.text.includes('CITY LABORATORY')));
  assert.equal(document.pages[1]?.lines[0]?.text, 'PAGE TWO');
  assert.equal(document.pages[0]?.width, document.pages[1].width);
  assert.deepEqual(document.ocrPages, [1, 2]);
});
