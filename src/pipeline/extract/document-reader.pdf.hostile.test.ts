// DocumentReader on hostile PDFs: scripts and actions never run, bogus page trees, deep nesting.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rawPdf } from '../../../test/helpers/documents.js';
import { run, settleHostile } from './document-reader.pdf.test-helpers.js';

// Building blocks for hand-made PDFs: catalog 1, pages 2, page 3, contents 4, font 5, extra 6+.
const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
const CONTENT = 'BT /F1 12 Tf 50 750 Td (Hello hostile world) Tj ET';
function stream(data: string): string {
  return `<< /Length ${Buffer.byteLength(data, 'latin1')} >>\nstream\n${data}\nendstream`;
}
function page(extra = ''): string {
  return `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> ${extra} >>`;
}
function onePagePdf(options: {
  catalog?: string;
  pages?: string;
  page?: string;
  content?: string;
  extra?: readonly string[];
}): Buffer {
  return rawPdf([
    `<< /Type /Catalog /Pages 2 0 R ${options.catalog ?? ''} >>`,
    options.pages ?? '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    page(options.page),
    stream(options.content ?? CONTENT),
    FONT,
    ...(options.extra ?? []),
  ]);
}

describe('DocumentReader: hostile PDFs', () => {
  test('a valid hand-built PDF reads (control for the hostile cases)', async () => {
    const { document } = await settleHostile(onePagePdf({}));
    assert.equal(document?.pages[0]?.lines[0]?.text, 'Hello hostile world');
  });

  test('an /OpenAction JavaScript action never runs', async () => {
    const marker = '__serenyaPwned';
    const js = `app.alert(1); this.${marker} = 1; globalThis.${marker} = 1;`;
    const bytes = onePagePdf({
      catalog: `/OpenAction 6 0 R /Names << /JavaScript << /Names [(boot) 6 0 R] >> >>`,
      page: '/AA << /O 6 0 R >>',
      extra: [`<< /S /JavaScript /JS (${js}) >>`],
    });
    const { document, error } = await settleHostile(bytes);
    assert.equal(marker in globalThis, false, 'the document script ran');
    if (error === undefined)
      assert.equal(document?.pages[0]?.lines[0]?.text, 'Hello hostile world');
  });

  test('a /Launch action is ignored', async () => {
    const bytes = onePagePdf({
      catalog: '/OpenAction 6 0 R',
      extra: ['<< /S /Launch /F (/bin/sh) /Win << /F (cmd.exe) /P (/c echo pwned) >> >>'],
    });
    const { document, error } = await settleHostile(bytes);
    if (error === undefined) {
      assert.equal(document?.pageCount, 1);
      assert.equal(document.pages[0]?.lines[0]?.text, 'Hello hostile world');
    }
  });

  test('a page tree claiming 1000000000 pages: too_many_pages, corrupt_document or only the real page, quickly', async () => {
    const bytes = onePagePdf({ pages: '<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>' });
    const heapBefore = process.memoryUsage().heapUsed;
    const { options, progress } = run();
    const { document, error, ms } = await settleHostile(bytes, options);
    if (error !== undefined) {
      assert.ok(['too_many_pages', 'corrupt_document'].includes(error.code), error.code);
    } else {
      // pdf.js recounts the tree: only the one real page may be read.
      assert.equal(document?.pageCount, 1);
      assert.deepEqual(progress, [[1, 1]]);
    }
    assert.ok(ms < 5_000, `took ${Math.round(ms)} ms`);
    const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    assert.ok(grownMb < 256, `heap grew by ${Math.round(grownMb)} MiB`);
  });

  test('a page tree claiming 1000000000 pages with a huge maxPages still reads only real pages', async () => {
    const bytes = onePagePdf({ pages: '<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>' });
    const { options, progress } = run({ maxPages: Number.MAX_SAFE_INTEGER });
    const { document, error, ms } = await settleHostile(bytes, options);
    if (error === undefined) assert.equal(document?.pageCount, 1);
    assert.ok(progress.length <= 1, `read ${progress.length} pages`);
    assert.ok(ms < 5_000, `took ${Math.round(ms)} ms`);
  });

  test('a circular page tree → corrupt_document, quickly', async () => {
    const bytes = onePagePdf({ pages: '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>' });
    const { error } = await settleHostile(bytes);
    assert.equal(error?.code, 'corrupt_document');
  });

  test('10000 nested arrays in the content stream do not crash the process', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const { document, error } = await settleHostile(
      onePagePdf({ content: `${CONTENT}\n${deep} pop` }),
    );
    assert.ok(document !== undefined || error !== undefined);
  });

  test('100000 unclosed arrays in the content stream do not crash the process', async () => {
    const { document, error } = await settleHostile(
      onePagePdf({ content: `${CONTENT}\n${'['.repeat(100_000)}` }),
    );
    assert.ok(document !== undefined || error !== undefined);
  });

  test('10000 nested arrays in the page dictionary: corrupt_document or a clean page, never a crash', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const { error, document } = await settleHostile(onePagePdf({ page: `/Deep ${deep}` }));
    if (error !== undefined) assert.equal(error.code, 'corrupt_document');
    else assert.equal(document?.pageCount, 1);
  });

  test('10000 nested dictionaries in the page dictionary: corrupt_document or a clean page, never a crash', async () => {
    const deep = `${'<< /A '.repeat(10_000)}1${' >>'.repeat(10_000)}`;
    const { error, document } = await settleHostile(onePagePdf({ page: `/Deep ${deep}` }));
    if (error !== undefined) assert.equal(error.code, 'corrupt_document');
    else assert.equal(document?.pageCount, 1);
  });

  test('a ServiceError never carries pdf.js text in its message', async () => {
    const { error } = await settleHostile(Buffer.from('%PDF-1.7\nSECRET-CONTENT-123', 'latin1'));
    assert.ok(error !== undefined);
    assert.equal(error.message, error.code);
    assert.doesNotMatch(error.detail, /SECRET-CONTENT-123/);
  });
});
