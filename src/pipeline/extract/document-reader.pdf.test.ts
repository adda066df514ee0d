// DocumentReader on PDFs with a text layer: lines, pages and progress, limits, errors, abort.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  makeImageOnlyPdf,
  makeLabReportPdf,
  makePng,
  makeTextPdf,
  SAMPLE_ROWS,
} from '../../../test/helpers/documents.js';
import {
  HOSTILE_LIMIT_MS,
  PdfTextExtractor,
  rejectsWith,
  run,
  within,
} from './document-reader.pdf.test-helpers.js';

describe('DocumentReader: PDF text layer', () => {
  test('reads PDFs only', () => {
    assert.deepEqual(new PdfTextExtractor().mediaTypes, ['application/pdf']);
  });

  test('a lab report: one line per row, cells in order and kept apart', async () => {
    const { options, progress } = run();
    const doc = await new PdfTextExtractor().extract(await makeLabReportPdf(SAMPLE_ROWS), options);
    assert.equal(doc.mediaType, 'application/pdf');
    assert.equal(doc.pageCount, 1);
    assert.deepEqual(doc.ocrPages, []);
    assert.deepEqual(progress, [[1, 1]]);
    const [first] = doc.pages;
    assert.ok(first !== undefined);
    assert.equal(first.number, 1);
    assert.ok(Math.abs(first.width - 595.28) < 1 && Math.abs(first.height - 841.89) < 1);
    const texts = first.lines.map((line) => line.text);
    for (const row of SAMPLE_ROWS) {
      const cells = [row.name, row.value, row.unit, row.range, ...(row.flag ? [row.flag] : [])];
      const matching = texts.filter((text) => text.startsWith(row.name));
      assert.equal(matching.length, 1, `one line for ${row.name} in ${JSON.stringify(texts)}`);
      // Cells are separated by a column break (2+ spaces); spaces inside a cell stay single.
      assert.deepEqual(matching[0]?.split(/\s{2,}/), cells);
    }
    const rowLines = SAMPLE_ROWS.map((row) => texts.findIndex((t) => t.startsWith(row.name)));
    assert.deepEqual(
      rowLines,
      [...rowLines].sort((a, b) => a - b),
      'rows stay in top-to-bottom order',
    );
    assert.ok(texts.includes('CITY LABORATORY SERVICES'));
    for (const line of first.lines) {
      assert.equal(line.confidence, 1);
      const [x0, y0, x1, y1] = line.bbox;
      assert.ok(x0 < x1 && y0 < y1, `bbox ${line.bbox.join(',')}`);
      assert.ok(x0 >= 0 && x1 <= first.width && y0 >= 0 && y1 <= first.height);
    }
  });

  test('a 3-page PDF: pages 1..3 and progress 1/3, 2/3, 3/3', async () => {
    const { options, progress } = run();
    const bytes = await makeTextPdf([['Page one text'], ['Page two text'], ['Page three text']]);
    const doc = await new PdfTextExtractor().extract(bytes, options);
    assert.equal(doc.pageCount, 3);
    assert.deepEqual(
      doc.pages.map((p) => p.number),
      [1, 2, 3],
    );
    assert.deepEqual(
      doc.pages.map((p) => p.lines.map((l) => l.text)),
      [['Page one text'], ['Page two text'], ['Page three text']],
    );
    assert.deepEqual(progress, [
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  test('the caller keeps its bytes (pdf.js gets a copy)', async () => {
    const bytes = await makeTextPdf([['Keep me']]);
    const before = Buffer.from(bytes);
    await new PdfTextExtractor().extract(bytes, run().options);
    assert.equal(bytes.byteLength, before.byteLength);
    assert.ok(before.equals(bytes));
  });

  test('more pages than maxPages → too_many_pages, before any page is read', async () => {
    const { options, progress } = run({ maxPages: 2 });
    await rejectsWith(await makeTextPdf([['a'], ['b'], ['c']]), 'too_many_pages', options);
    assert.deepEqual(progress, []);
  });

  test('exactly maxPages pages is fine', async () => {
    const doc = await new PdfTextExtractor().extract(
      await makeTextPdf([['a'], ['b'], ['c']]),
      run({ maxPages: 3 }).options,
    );
    assert.equal(doc.pageCount, 3);
  });

  test('password-protected → password_protected', async () => {
    const bytes = await makeTextPdf([['secret result']], { userPassword: 'x' });
    const error = await rejectsWith(bytes, 'password_protected');
    assert.equal(error.retryable, false);
  });

  test('random bytes → corrupt_document', async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    await rejectsWith(bytes, 'corrupt_document');
  });

  test('a truncated PDF (first half of a real one) → corrupt_document', async () => {
    const whole = await makeLabReportPdf(SAMPLE_ROWS);
    await rejectsWith(whole.subarray(0, Math.floor(whole.length / 2)), 'corrupt_document');
  });

  test('%PDF-1.7 followed by garbage → corrupt_document', async () => {
    await rejectsWith(
      Buffer.from(`%PDF-1.7\n${'garbage \u0000\u00ff obj <<'.repeat(200)}`, 'latin1'),
      'corrupt_document',
    );
  });

  test('an empty buffer → corrupt_document', async () => {
    await rejectsWith(new Uint8Array(0), 'corrupt_document');
  });

  test('an image-only PDF → no_text_found with a helpful detail', async () => {
    const error = await rejectsWith(await makeImageOnlyPdf(makePng()), 'no_text_found');
    assert.match(error.detail, /scan/i);
  });

  test('an already-aborted signal rejects with the abort reason, without hanging', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by test');
    controller.abort(reason);
    const { options, progress } = run({ signal: controller.signal });
    const bytes = await makeLabReportPdf(SAMPLE_ROWS);
    await assert.rejects(
      within(HOSTILE_LIMIT_MS, new PdfTextExtractor().extract(bytes, options)),
      (error: unknown) => error === reason,
    );
    assert.deepEqual(progress, []);
  });

  test('aborting between pages stops at once with the abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop after the first page');
    const progress: number[] = [];
    const bytes = await makeTextPdf([['one'], ['two'], ['three']]);
    await assert.rejects(
      within(
        HOSTILE_LIMIT_MS,
        new PdfTextExtractor().extract(bytes, {
          mediaType: 'application/pdf',
          maxPages: 10,
          signal: controller.signal,
          onPage: (pageNumber) => {
            progress.push(pageNumber);
            controller.abort(reason);
          },
        }),
      ),
      (error: unknown) => error === reason,
    );
    assert.deepEqual(progress, [1]);
  });

  test('the same extractor can be reused after a failure', async () => {
    const extractor = new PdfTextExtractor();
    await assert.rejects(extractor.extract(Buffer.from('%PDF-1.7\nnope'), run().options));
    const doc = await extractor.extract(await makeTextPdf([['still works']]), run().options);
    assert.equal(doc.pages[0]?.lines[0]?.text, 'still works');
  });
});
