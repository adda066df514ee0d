import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { heicHeader, makeLabReportPdf, SAMPLE_ROWS } from '../../../../test/helpers/documents.js';
import { InProcessExtractor } from '../../../../test/helpers/in-process-extractor.js';
import {
  startAwsJsonServer,
  type AwsJsonServer,
  type AwsReply,
} from '../../../../test/helpers/providers/aws-json-server.js';
import { LAB_PAGE, TextractBlocks } from '../../../../test/helpers/providers/textract-blocks.js';
import {
  extractOptions,
  metricValue,
  RememberingExtractor,
  textractUnderTest,
} from '../../../../test/helpers/providers/textract-harness.js';
import { imagesToPdf, rasterise } from '../../../../test/helpers/scans.js';
import { extractLabs } from '../../interpret/labs/lab-extractor.js';
import { documentLines } from '../../interpret/source-lines.js';

let server: AwsJsonServer;
let reply: () => AwsReply;
const fallback = new RememberingExtractor(new InProcessExtractor());
let scan: Buffer;
let scannedPdf: Buffer;
let textPdf: Buffer;

before(async () => {
  server = await startAwsJsonServer({ service: 'textract', handler: () => reply() });
  textPdf = await makeLabReportPdf(SAMPLE_ROWS);
  scan = await rasterise(textPdf, 100);
  scannedPdf = await imagesToPdf([scan]);
});
after(async () => {
  await server.close();
  await fallback.close();
});

function fresh(answer: () => AwsReply) {
  server.calls.length = 0;
  fallback.calls = 0;
  reply = answer;
  return textractUnderTest({ endpoint: server.url, fallback });
}

test('a photo goes to AnalyzeDocument: table rows become lines of cells the lab reader reads', async () => {
  const { extractor, registry } = fresh(() => ({ body: new TextractBlocks().analyzeDocument() }));
  const { options, pages } = extractOptions('image/png');
  const document = await extractor.extract(scan, options);

  assert.equal(fallback.calls, 0, 'the embedded reader was not needed');
  assert.equal(server.badSignatures, 0);
  assert.deepEqual(
    server.calls.map((call) => call.operation),
    ['AnalyzeDocument'],
  );
  const sent = server.calls[0]?.body;
  assert.deepEqual(sent?.FeatureTypes, ['TABLES', 'FORMS']);
  assert.equal((sent.Document as { Bytes: string }).Bytes, scan.toString('base64'));

  assert.equal(document.mediaType, 'image/png');
  assert.equal(document.pageCount, 1);
  assert.deepEqual(document.ocrPages, [1]);
  assert.equal(document.warnings, undefined);
  assert.deepEqual(pages, [[1, 1]]);
  const lines = document.pages[0]?.lines ?? [];
  assert.deepEqual(
    lines.map((line) => line.text),
    [
      'CITY LABORATORY SERVICES',
      'Collected:   2024-03-01',
      'Hemoglobin   11.2   g/dL   12.0 - 15.5',
      'Glucose   126   mg/dL   70 - 99',
      'Creatinine   0.9   mg/dL   0.6 - 1.2',
      'Reviewed by the laboratory',
    ],
  );
  assert.deepEqual(
    lines[1]?.cells.map((cell) => cell.text),
    ['Collected:', '2024-03-01'],
  );
  assert.equal(lines[0]?.confidence, 0.975);
  assert.ok(lines.every((line) => line.confidence > 0 && line.confidence <= 1));

  const labs = extractLabs(documentLines(document));
  assert.deepEqual(
    labs.map((lab) => [lab.name, lab.value, lab.unit, lab.flag]),
    [
      ['Hemoglobin', 11.2, 'g/dL', 'low'],
      ['Glucose', 126, 'mg/dL', 'high'],
      ['Creatinine', 0.9, 'mg/dL', 'normal'],
    ],
  );

  const billed = { provider: 'textract', unit: 'page' };
  assert.equal(await metricValue(registry, 'serenya_provider_billed_units_total', billed), 1);
  const cost = await metricValue(
    registry,
    'serenya_provider_job_cost_usd',
    { provider: 'textract' },
    'sum',
  );
  assert.equal(cost, 0.065);
});

test('a one-page scanned PDF is read by the embedded reader, then by AnalyzeDocument', async () => {
  const { extractor } = fresh(() => ({ body: new TextractBlocks().analyzeDocument() }));
  const document = await extractor.extract(scannedPdf, extractOptions('application/pdf').options);

  assert.equal(fallback.calls, 1);
  assert.deepEqual(
    server.calls.map((call) => call.operation),
    ['AnalyzeDocument'],
  );
  const bytes = (server.calls[0]?.body.Document as { Bytes: string }).Bytes;
  assert.equal(bytes, scannedPdf.toString('base64'));
  assert.equal(document.mediaType, 'application/pdf');
  assert.deepEqual(document.ocrPages, [1]);
  // The page keeps the PDF's own size (A4 in points); Textract's ratios are placed in it.
  assert.deepEqual([document.pages[0]?.width, document.pages[0]?.height], [595.28, 841.89]);
  assert.equal(document.pages[0]?.lines[2]?.text, 'Hemoglobin   11.2   g/dL   12.0 - 15.5');
  assert.equal(Math.round(document.pages[0].lines[2].cells[1]?.x0 ?? 0), Math.round(0.4 * 595.28));
});

test('a PDF with a text layer never goes to Textract', async () => {
  const { extractor, registry } = fresh(() => ({ body: new TextractBlocks().analyzeDocument() }));
  const document = await extractor.extract(textPdf, extractOptions('application/pdf').options);

  assert.equal(server.calls.length, 0);
  assert.deepEqual(document.ocrPages, []);
  assert.ok(document.pages[0]?.lines.some((line) => line.text.startsWith('Hemoglobin')));
  assert.equal(document.warnings, undefined);
  const billed = { provider: 'textract', unit: 'page' };
  assert.equal(await metricValue(registry, 'serenya_provider_billed_units_total', billed), 0);
});

test('HEIC photos, which Textract does not take, go to the embedded reader', async () => {
  const { extractor } = fresh(() => ({ body: new TextractBlocks().analyzeDocument() }));
  await assert.rejects(
    extractor.extract(heicHeader(), extractOptions('image/heic').options),
    // The embedded reader's own answer to a HEIC header without an image.
    (error: { code?: string }) => error.code === 'unsupported_media_type',
  );
  assert.equal(server.calls.length, 0);
  assert.equal(fallback.calls, 1);
});

test('Textract finding no text in a photo leaves the photo to the embedded reader', async () => {
  const empty = new TextractBlocks()
    .analyzeDocument(LAB_PAGE)
    .Blocks.filter((block) => block.BlockType === 'PAGE');
  const { extractor } = fresh(() => ({
    body: { DocumentMetadata: { Pages: 1 }, Blocks: empty },
  }));
  const document = await extractor.extract(scan, extractOptions('image/png').options);
  assert.equal(server.calls.length, 1);
  assert.equal(fallback.calls, 1);
  assert.ok(document.pages[0]?.lines.some((line) => line.text.includes('CITY LABORATORY')));
});

test('the extractor reads what its embedded reader reads', () => {
  const { extractor } = fresh(() => ({ body: {} }));
  assert.deepEqual(extractor.mediaTypes, fallback.mediaTypes);
});
