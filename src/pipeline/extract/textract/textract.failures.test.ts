import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { jpegHeader, makeLabReportPdf, SAMPLE_ROWS } from '../../../../test/helpers/documents.js';
import { InProcessExtractor } from '../../../../test/helpers/in-process-extractor.js';
import {
  startAwsJsonServer,
  type AwsJsonServer,
  type AwsReply,
} from '../../../../test/helpers/providers/aws-json-server.js';
import { TextractBlocks } from '../../../../test/helpers/providers/textract-blocks.js';
import {
  extractOptions,
  metricValue,
  RememberingExtractor,
  textractUnderTest,
} from '../../../../test/helpers/providers/textract-harness.js';
import { rasterise } from '../../../../test/helpers/scans.js';
import { ServiceError } from '../../../domain/errors.js';
import { ProviderError } from '../../providers/provider-error.js';
import { TEXTRACT_UNAVAILABLE } from './textract.extractor.js';

let server: AwsJsonServer;
let replies: AwsReply[];
const fallback = new RememberingExtractor(new InProcessExtractor());
let photo: Buffer;
let closedPort: string;

before(async () => {
  server = await startAwsJsonServer({
    service: 'textract',
    handler: () => (replies.length > 1 ? replies.shift() : replies[0]) ?? { destroy: true },
  });
  photo = await rasterise(await makeLabReportPdf(SAMPLE_ROWS), 100);
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
after(async () => {
  await server.close();
  await fallback.close();
});

/** A Textract extractor whose server answers `answers` in turn, repeating the last one. */
function fresh(answers: AwsReply[], options: { required?: boolean; endpoint?: string } = {}) {
  server.calls.length = 0;
  fallback.calls = 0;
  replies = answers;
  return textractUnderTest({ endpoint: options.endpoint ?? server.url, fallback, ...options });
}

const requests = (registry: Parameters<typeof metricValue>[0], result: string) =>
  metricValue(registry, 'serenya_provider_requests_total', {
    provider: 'textract',
    operation: 'AnalyzeDocument',
    result,
  });
const fallbacks = (registry: Parameters<typeof metricValue>[0], reason: string) =>
  metricValue(registry, 'serenya_provider_fallbacks_total', { provider: 'textract', reason });

test('throttling is retried once and the second answer is used', async () => {
  const { extractor, registry } = fresh([
    { error: 'ProvisionedThroughputExceededException', status: 400 },
    { body: new TextractBlocks().analyzeDocument() },
  ]);
  const document = await extractor.extract(photo, extractOptions('image/png').options);
  assert.equal(server.calls.length, 2);
  assert.equal(fallback.calls, 0);
  assert.equal(document.warnings, undefined);
  assert.equal(document.pages[0]?.lines[0]?.text, 'CITY LABORATORY SERVICES');
  assert.equal(await requests(registry, 'throttled'), 1);
  assert.equal(await requests(registry, 'ok'), 1);
});

test('Textract down: the embedded reader reads the photo, with a warning and a fallback counted', async () => {
  const { extractor, registry } = fresh([], { endpoint: closedPort });
  const document = await extractor.extract(photo, extractOptions('image/png').options);
  assert.equal(fallback.calls, 1);
  assert.deepEqual(document.warnings, [TEXTRACT_UNAVAILABLE]);
  assert.ok(document.pages[0]?.lines.some((line) => line.text.includes('CITY LABORATORY')));
  assert.equal(await requests(registry, 'network'), 3, 'one try and two retries');
  assert.equal(await fallbacks(registry, 'network'), 1);
});

test('Textract down and required: the job fails as provider_unavailable, to be retried', async () => {
  const { extractor, registry } = fresh([], { endpoint: closedPort, required: true });
  const failure = await extractor.extract(photo, extractOptions('image/png').options).then(
    () => assert.fail('resolved'),
    (error: unknown) => error,
  );
  assert.ok(failure instanceof ServiceError);
  assert.equal(failure.code, 'provider_unavailable');
  assert.equal(failure.retryable, true);
  assert.ok(failure.cause instanceof ProviderError && failure.cause.kind === 'network');
  assert.equal(fallback.calls, 0);
  assert.equal(await fallbacks(registry, 'network'), 0);
});

test('required: a retry-after beyond our patience is passed on in seconds', async () => {
  const { extractor } = fresh(
    [{ error: 'ThrottlingException', status: 400, headers: { 'retry-after': '30' } }],
    { required: true },
  );
  await assert.rejects(
    extractor.extract(photo, extractOptions('image/png').options),
    (error) =>
      error instanceof ServiceError &&
      error.code === 'provider_unavailable' &&
      error.retryAfterSeconds === 30,
  );
  assert.equal(server.calls.length, 1, 'not retried sooner than Textract asked');
});

test('BadDocumentException: the embedded reader gives the document its own error code', async () => {
  const { extractor, registry } = fresh([{ error: 'BadDocumentException', status: 400 }]);
  await assert.rejects(
    extractor.extract(jpegHeader(), extractOptions('image/jpeg').options),
    (error) => error instanceof ServiceError && error.code === 'corrupt_document',
  );
  assert.equal(server.calls.length, 1, 'a refused document is not retried');
  assert.equal(fallback.calls, 1);
  const counted = registry.getSingleMetric('serenya_provider_fallbacks_total');
  assert.deepEqual((await counted?.get())?.values, []);
});

test('malformed JSON is an invalid response: retried, then the embedded reader', async () => {
  const { extractor, registry } = fresh([
    { raw: '{"DocumentMetadata":{"Pages":1},"Blocks":[{"Blo' },
  ]);
  const document = await extractor.extract(photo, extractOptions('image/png').options);
  assert.equal(server.calls.length, 3);
  assert.deepEqual(document.warnings, [TEXTRACT_UNAVAILABLE]);
  assert.equal(await requests(registry, 'invalid_response'), 3);
  assert.equal(await fallbacks(registry, 'invalid_response'), 1);
});

test('an answer without PAGE blocks is invalid too', async () => {
  const lines = new TextractBlocks()
    .analyzeDocument()
    .Blocks.filter((block) => block.BlockType !== 'PAGE');
  const { extractor, registry } = fresh([
    { body: { DocumentMetadata: { Pages: 1 }, Blocks: lines } },
  ]);
  const document = await extractor.extract(photo, extractOptions('image/png').options);
  assert.equal(server.calls.length, 3);
  assert.deepEqual(document.warnings, [TEXTRACT_UNAVAILABLE]);
  assert.equal(await fallbacks(registry, 'invalid_response'), 1);
});

test('server errors are retried; access denied is not', async () => {
  const down = fresh([{ error: 'InternalServerError', status: 500 }]);
  await down.extractor.extract(photo, extractOptions('image/png').options);
  assert.equal(server.calls.length, 3);
  assert.equal(await fallbacks(down.registry, 'server_error'), 1);

  const denied = fresh([{ error: 'AccessDeniedException', status: 400 }]);
  const document = await denied.extractor.extract(photo, extractOptions('image/png').options);
  assert.equal(server.calls.length, 1);
  assert.deepEqual(document.warnings, [TEXTRACT_UNAVAILABLE]);
  assert.equal(await fallbacks(denied.registry, 'rejected'), 1);
});
