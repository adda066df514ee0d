import assert from 'node:assert/strict';
import { crc32, createDeflate, deflateSync } from 'node:zlib';
import { after, describe, test } from 'node:test';
import sharp from 'sharp';
import { ServiceError, type ErrorCode } from '../../domain/errors.js';
import type { MediaType } from '../../domain/media-type.js';
import { createLogger } from '../../observability/logger.js';
import { SAMPLE_ROWS, makeLabReportPdf, rawPdf } from '../../../test/helpers/documents.js';
import { IsolatedExtractor } from './isolated.extractor.js';

/** The real child-process extraction, with small limits so bombs hit them quickly. */
const extractor = new IsolatedExtractor({
  processes: 1,
  memoryMb: 600,
  recycleAfter: 50,
  maxPixels: 40_000_000,
  logger: createLogger('silent'),
});

async function outcome(
  bytes: Uint8Array,
  mediaType: MediaType,
  seconds = 60,
): Promise<{ code: ErrorCode | 'ok'; ms: number }> {
  const started = performance.now();
  try {
    await extractor.extract(bytes, {
      mediaType,
      maxPages: 20,
      signal: AbortSignal.timeout(seconds * 1000),
      onPage: () => undefined,
    });
    return { code: 'ok', ms: performance.now() - started };
  } catch (error) {
    if (error instanceof ServiceError) return { code: error.code, ms: performance.now() - started };
    throw error;
  }
}

/** A valid grey PNG whose IDAT inflates to width×height zero bytes (deflated as it is made). */
async function pngBomb(width: number, height: number): Promise<Buffer> {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth; colour type 0 (grey)
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (part: Buffer) => parts.push(part));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const row = Buffer.alloc((width + 1) * 100); // 100 rows of filter byte 0 and zeros
  for (let y = 0; y < height; y += 100)
    if (!deflate.write(row)) await new Promise((r) => deflate.once('drain', r));
  deflate.end();
  await done;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', Buffer.concat(parts)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('IsolatedExtractor: documents are read in a child process, within limits', () => {
  after(() => extractor.close());

  test('a text PDF is read in the child, with progress page by page', async () => {
    const pages: [number, number][] = [];
    const doc = await extractor.extract(await makeLabReportPdf(SAMPLE_ROWS), {
      mediaType: 'application/pdf',
      maxPages: 20,
      signal: AbortSignal.timeout(60_000),
      onPage: (page, total) => pages.push([page, total]),
    });
    assert.equal(
      doc.pages[0]?.lines.some((l) => l.text.includes('Hemoglobin')),
      true,
    );
    assert.deepEqual(pages, [[1, 1]]);
    assert.equal(extractor.stats().children, 1);
  });

  test('a PNG decompression bomb (30000×30000 grey, under 1 MB) is refused before decoding', async () => {
    const bomb = await pngBomb(30_000, 30_000);
    assert.ok(bomb.length < 2 * 1024 * 1024, `bomb is ${bomb.length} bytes`);
    const result = await outcome(bomb, 'image/png');
    assert.equal(result.code, 'file_too_large');
    assert.ok(result.ms < 10_000);
    assert.ok(extractor.stats().peakRssBytes < 600 * 1024 * 1024, 'never decoded');
  });

  test('a PDF whose content stream inflates to 300 MB ends in a documented code, in time', async () => {
    const zeros = deflateSync(Buffer.alloc(300 * 1024 * 1024), { level: 9 });
    const head = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
      `<< /Length ${zeros.length} /Filter /FlateDecode >>\nstream\n${'X'.repeat(zeros.length)}\nendstream`,
    ]);
    // Put the real compressed bytes where the placeholder is (same length, same offsets).
    const at = head.indexOf('X'.repeat(64));
    zeros.copy(head, at);
    const result = await outcome(head, 'application/pdf');
    assert.ok(
      ['no_text_found', 'corrupt_document', 'file_too_large'].includes(result.code),
      result.code,
    );
    assert.ok(result.ms < 60_000);
  });

  test('a JPEG that declares 64000×64000 pixels is refused without decoding', async () => {
    const jpeg = await sharp({
      create: { width: 16, height: 16, channels: 3, background: '#ffffff' },
    })
      .jpeg()
      .toBuffer();
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    assert.ok(sof > 0);
    const big = Buffer.from(jpeg);
    big.writeUInt16BE(64_000, sof + 5);
    big.writeUInt16BE(64_000, sof + 7);
    const result = await outcome(big, 'image/jpeg');
    assert.ok(['file_too_large', 'corrupt_document'].includes(result.code), result.code);
  });

  test('a GIF passed off as PNG is refused by the restricted decoders', async () => {
    const gif = await sharp({
      create: { width: 40, height: 40, channels: 3, background: '#ffffff' },
    })
      .gif()
      .toBuffer();
    const result = await outcome(gif, 'image/png');
    assert.ok(['unsupported_media_type', 'corrupt_document'].includes(result.code), result.code);
  });

  test('after all that, the child pool still reads documents', async () => {
    const result = await outcome(await makeLabReportPdf(SAMPLE_ROWS), 'application/pdf');
    assert.equal(result.code, 'ok');
  });
});
