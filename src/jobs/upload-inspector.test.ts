import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, it } from 'node:test';
import { ServiceError, type ErrorCode } from '../domain/errors.js';
import { MEDIA_TYPES, type MediaType } from '../domain/media-type.js';
import { UploadInspector, type InspectorOptions } from './upload-inspector.js';

const SNIFF_BYTES = 4100;
const ALL: readonly MediaType[] = MEDIA_TYPES;

/** Deterministic, position-dependent filler so a reordered or dropped byte shows. */
function filler(length: number, seed = 0): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) bytes[i] = (i * 31 + seed + (i >> 8)) & 0xff;
  return bytes;
}

function pdf(totalLength: number): Buffer {
  const header = Buffer.from('%PDF-1.7\n');
  return Buffer.concat([header, filler(Math.max(0, totalLength - header.length))]);
}

function jpeg(totalLength: number): Buffer {
  const header = Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00,
  ]);
  return Buffer.concat([header, filler(totalLength - header.length, 7)]);
}

function heic(totalLength: number): Buffer {
  const box = Buffer.alloc(24);
  box.writeUInt32BE(24, 0);
  box.write('ftyp', 4, 'latin1');
  box.write('heic', 8, 'latin1');
  box.writeUInt32BE(0, 12);
  box.write('mif1', 16, 'latin1');
  box.write('heic', 20, 'latin1');
  return Buffer.concat([box, Buffer.alloc(totalLength - box.length)]);
}

function chunked(input: Buffer, chunkSize: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < input.length; offset += chunkSize)
    chunks.push(input.subarray(offset, offset + chunkSize));
  return chunks;
}

interface Outcome {
  readonly output: Buffer;
  readonly error: unknown;
  readonly inspector: UploadInspector;
}

/** Pipes `input` (in chunks of `chunkSize`) through an inspector into a collecting sink. */
async function inspect(
  input: Buffer,
  options: Partial<InspectorOptions> = {},
  chunkSize = 64 * 1024,
): Promise<Outcome> {
  const inspector = new UploadInspector({
    maxBytes: 1024 * 1024,
    declared: undefined,
    processable: ALL,
    ...options,
  });
  const received: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      received.push(chunk);
      done();
    },
  });
  let error: unknown;
  try {
    await pipeline(Readable.from(chunked(input, chunkSize)), inspector, sink);
  } catch (caught) {
    error = caught;
  }
  return { output: Buffer.concat(received), error, inspector };
}

function assertServiceError(error: unknown, code: ErrorCode): asserts error is ServiceError {
  assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
  assert.equal(error.code, code);
}

async function assertAccepted(outcome: Outcome, input: Buffer, mediaType: MediaType) {
  assert.equal(outcome.error, undefined, `rejected: ${String(outcome.error)}`);
  assert.equal(outcome.inspector.mediaType, mediaType);
  assert.equal(outcome.inspector.bytes, input.length);
  assert.equal(outcome.output.length, input.length);
  assert.ok(outcome.output.equals(input), 'bytes were altered or reordered');
}

describe('UploadInspector', () => {
  describe('PDF passes through unchanged', () => {
    for (const size of [300, SNIFF_BYTES - 1, SNIFF_BYTES, SNIFF_BYTES + 1, 200_000]) {
      it(`${size} bytes in large chunks`, async () => {
        const input = pdf(size);
        await assertAccepted(await inspect(input), input, 'application/pdf');
      });
    }

    for (const size of [300, 10_000]) {
      it(`${size} bytes fed one byte at a time`, async () => {
        const input = pdf(size);
        await assertAccepted(await inspect(input, {}, 1), input, 'application/pdf');
      });
    }

    it('in odd-sized chunks that straddle the sniff window', async () => {
      const input = pdf(50_000);
      await assertAccepted(await inspect(input, {}, 997), input, 'application/pdf');
    });

    it('exactly at maxBytes', async () => {
      const input = pdf(5000);
      await assertAccepted(await inspect(input, { maxBytes: 5000 }), input, 'application/pdf');
    });
  });

  it('sniffs a PDF whose header follows junk within the first KiB', async () => {
    const input = Buffer.concat([
      Buffer.from('garbage from a mail gateway\r\n'.repeat(20)),
      pdf(3000),
    ]);
    assert.ok(input.indexOf('%PDF-') < 1024 - 5);
    await assertAccepted(await inspect(input), input, 'application/pdf');
    await assertAccepted(await inspect(input, {}, 1), input, 'application/pdf');
  });

  it('does not accept a PDF header buried after the first KiB', async () => {
    const input = Buffer.concat([Buffer.from('x'.repeat(2000)), pdf(3000)]);
    const { error, output } = await inspect(input);
    assertServiceError(error, 'unsupported_media_type');
    assert.equal(output.length, 0);
  });

  it('rejects PDF content declared as image/png, passing nothing on', async () => {
    const { error, output } = await inspect(pdf(8000), { declared: 'image/png' });
    assertServiceError(error, 'unsupported_media_type');
    assert.equal(output.length, 0);
  });

  it('accepts PDF content declared as a generic application/octet-stream', async () => {
    const input = pdf(8000);
    const outcome = await inspect(input, { declared: 'application/octet-stream' });
    await assertAccepted(outcome, input, 'application/pdf');
  });

  it('accepts PDF content declared with the application/x-pdf alias', async () => {
    const input = pdf(8000);
    await assertAccepted(
      await inspect(input, { declared: 'application/x-pdf' }),
      input,
      'application/pdf',
    );
  });

  it('accepts real JPEG bytes declared with the image/jpg alias', async () => {
    const input = jpeg(6000);
    const outcome = await inspect(input, {
      declared: 'image/jpg',
      processable: ['application/pdf', 'image/jpeg'],
    });
    await assertAccepted(outcome, input, 'image/jpeg');
  });

  it('rejects a JPEG when only PDFs are processable, with a detail about photos', async () => {
    const { error, output } = await inspect(jpeg(6000), {
      declared: 'image/jpeg',
      processable: ['application/pdf'],
    });
    assertServiceError(error, 'unsupported_media_type');
    assert.match(error.detail, /photo/i);
    assert.equal(output.length, 0);
  });

  it('accepts an iPhone HEIC photo (declared or not) when HEIC can be processed', async () => {
    for (const declared of [undefined, 'image/heic', 'application/octet-stream']) {
      const photo = heic(5000);
      await assertAccepted(await inspect(photo, { declared }), photo, 'image/heic');
    }
  });

  it('rejects AVIF with a detail telling the user to export as JPEG', async () => {
    const avif = heic(5000);
    avif.write('avif', 8, 'latin1');
    avif.write('avif', 20, 'latin1');
    const { error, output } = await inspect(avif, { declared: 'image/avif' });
    assertServiceError(error, 'unsupported_media_type');
    assert.match(error.detail, /JPEG/);
    assert.equal(output.length, 0);
  });

  it('rejects plain text', async () => {
    const text = Buffer.from('Hemoglobin 13.5 g/dL (12.0-16.0)\n'.repeat(200));
    for (const declared of [undefined, 'text/plain', 'application/pdf']) {
      const { error, output } = await inspect(text, { declared });
      assertServiceError(error, 'unsupported_media_type');
      assert.equal(output.length, 0);
    }
  });

  it('rejects an empty upload as bad_request', async () => {
    const { error, output } = await inspect(Buffer.alloc(0));
    assertServiceError(error, 'bad_request');
    assert.equal(output.length, 0);
  });

  describe('more than maxBytes', () => {
    for (const chunkSize of [1, 1000, 64 * 1024]) {
      it(`fails with file_too_large and emits nothing past the limit (chunks of ${chunkSize})`, async () => {
        const maxBytes = 6000;
        const input = pdf(maxBytes + 2500);
        const { error, output } = await inspect(input, { maxBytes }, chunkSize);
        assertServiceError(error, 'file_too_large');
        assert.ok(output.length <= maxBytes, `${output.length} bytes emitted, limit ${maxBytes}`);
        assert.ok(output.equals(input.subarray(0, output.length)));
      });
    }

    it('one byte over a limit below the sniff window emits nothing', async () => {
      const { error, output } = await inspect(pdf(1025), { maxBytes: 1024 });
      assertServiceError(error, 'file_too_large');
      assert.equal(output.length, 0);
    });
  });

  describe('declared types named like Object.prototype members', () => {
    for (const declared of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      it(`'${declared}' yields a ServiceError, not a crash`, async () => {
        const withPdf = await inspect(pdf(5000), { declared });
        assertServiceError(withPdf.error, 'unsupported_media_type');
        const withText = await inspect(Buffer.from('hello world\n'.repeat(50)), { declared });
        assertServiceError(withText.error, 'unsupported_media_type');
      });
    }
  });
});
