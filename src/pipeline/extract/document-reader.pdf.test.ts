import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ERROR_CODES, ServiceError, type ErrorCode } from '../../domain/errors.js';
import {
  makeImageOnlyPdf,
  makeLabReportPdf,
  makePng,
  makeTextPdf,
  rawPdf,
  SAMPLE_ROWS,
} from '../../../test/helpers/documents.js';
import type { MediaType } from '../../domain/media-type.js';
import { DocumentReader, type OcrEngine } from './document-reader.js';
import type { ExtractedDocument, ExtractOptions, Extractor } from './extractor.port.js';

/** OCR that finds nothing: these tests are about the text layer and hostile PDFs. */
const noOcr: OcrEngine = { recognize: async () => ({ runs: [], confidence: 0 }) };

/** The document reader on PDFs, behind the extractor interface these tests were written for. */
class PdfTextExtractor implements Extractor {
  readonly mediaTypes: readonly MediaType[] = ['application/pdf'];
  extract(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
    return new DocumentReader(noOcr).read(bytes, 'application/pdf', {
      ...options,
      maxPixels: 50_000_000,
    });
  }
}

const HOSTILE_LIMIT_MS = 15_000;

/** Fails with a clear message when `work` does not settle within `ms`. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`did not settle within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface Run {
  readonly options: ExtractOptions;
  readonly progress: [number, number][];
}

function run(overrides: Partial<ExtractOptions> = {}): Run {
  const progress: [number, number][] = [];
  return {
    progress,
    options: {
      mediaType: 'application/pdf',
      maxPages: 50,
      signal: new AbortController().signal,
      onPage: (page, pages) => progress.push([page, pages]),
      ...overrides,
    },
  };
}

/** Asserts that extraction rejects with a ServiceError of the given code (within the limit). */
async function rejectsWith(
  bytes: Uint8Array,
  code: ErrorCode,
  options: ExtractOptions = run().options,
): Promise<ServiceError> {
  const error = await within(
    HOSTILE_LIMIT_MS,
    new PdfTextExtractor().extract(bytes, options).then(
      () => undefined,
      (e: unknown) => e,
    ),
  );
  assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
  assert.equal(error.code, code);
  return error;
}

/** Either a clean document or a ServiceError with a catalogued code; never anything else. */
async function settleHostile(
  bytes: Uint8Array,
  options: ExtractOptions = run().options,
): Promise<{ document?: ExtractedDocument; error?: ServiceError; ms: number }> {
  const started = performance.now();
  const outcome = await within(
    HOSTILE_LIMIT_MS,
    new PdfTextExtractor().extract(bytes, options).then(
      (document) => ({ document }),
      (error: unknown) => {
        assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
        assert.ok(ERROR_CODES.includes(error.code));
        return { error };
      },
    ),
  );
  return { ...outcome, ms: performance.now() - started };
}

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
