import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Writable } from 'node:stream';
import { createLogger, safeError } from './logger.js';

/** A pino destination that keeps every line written to it. */
class Capture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
  entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

function logger(): { capture: Capture; log: ReturnType<typeof createLogger> } {
  const capture = new Capture();
  return { capture, log: createLogger('trace', capture) };
}

const REDACTED_KEYS = ['authorization', 'token', 'filename', 'text', 'body'] as const;

describe('createLogger', () => {
  test('writes JSON lines with level, service and message', () => {
    const { capture, log } = logger();
    log.info({ jobId: 'job-1', bytes: 42 }, 'stored');
    const [entry] = capture.entries();
    assert.equal(entry?.msg, 'stored');
    assert.equal(entry.service, 'serenya');
    assert.equal(entry.jobId, 'job-1');
    assert.equal(entry.bytes, 42);
    assert.equal(typeof entry.time, 'string');
  });

  test('respects the level', () => {
    const capture = new Capture();
    const log = createLogger('warn', capture);
    log.info('hidden');
    log.warn('shown');
    assert.deepEqual(
      capture.entries().map((e) => e.msg),
      ['shown'],
    );
  });

  for (const key of REDACTED_KEYS) {
    test(`redacts top-level "${key}"`, () => {
      const { capture, log } = logger();
      const secret = `SECRET-${key}-top-${Math.random().toString(36).slice(2)}`;
      log.info({ [key]: secret, jobId: 'job-1' }, 'event');
      assert.ok(!capture.text.includes(secret), capture.text);
      const [entry] = capture.entries();
      assert.equal(entry?.[key], '[redacted]');
      assert.equal(entry.jobId, 'job-1', 'other fields are kept');
    });

    test(`redacts "${key}" one level nested`, () => {
      const { capture, log } = logger();
      const secret = `SECRET-${key}-nested-${Math.random().toString(36).slice(2)}`;
      log.info({ upload: { [key]: secret, size: 10 } }, 'event');
      assert.ok(!capture.text.includes(secret), capture.text);
      const [entry] = capture.entries();
      const upload = entry?.upload as Record<string, unknown> | undefined;
      assert.equal(upload?.[key], '[redacted]');
      assert.equal(upload.size, 10, 'sibling fields are kept');
    });
  }

  test('redacts objects, not only strings, under a redacted key', () => {
    const { capture, log } = logger();
    log.info({ body: { patient: 'SECRET-NAME-Jane', dob: 'SECRET-DOB-1980' } }, 'event');
    assert.doesNotMatch(capture.text, /SECRET-/);
  });

  test('redacts request headers (authorization, cookie, idempotency key)', () => {
    const { capture, log } = logger();
    log.info(
      {
        req: {
          method: 'POST',
          headers: {
            authorization: 'Bearer SECRET-JWT',
            cookie: 'sid=SECRET-COOKIE',
            'idempotency-key': 'SECRET-IDEMPOTENCY',
          },
        },
      },
      'request',
    );
    assert.doesNotMatch(capture.text, /SECRET-/);
    assert.match(capture.text, /"method":"POST"/);
  });

  test('redacts sub, fileName and result too', () => {
    const { capture, log } = logger();
    log.info(
      {
        sub: 'SECRET-SUB',
        fileName: 'SECRET-FILE.pdf',
        result: { labs: ['SECRET-LAB'] },
        job: { sub: 'SECRET-NESTED-SUB', result: 'SECRET-NESTED-RESULT' },
      },
      'done',
    );
    assert.doesNotMatch(capture.text, /SECRET-/);
  });

  test('the logged object is not mutated by redaction', () => {
    const { log } = logger();
    const payload = { token: 'keep-me', nested: { text: 'keep-me-too' } };
    log.info(payload, 'event');
    assert.deepEqual(payload, { token: 'keep-me', nested: { text: 'keep-me-too' } });
  });

  test('an err is serialised by safeError: type and frames, never its message', () => {
    const { capture, log } = logger();
    const marker = 'SECRET-MARKER-in-error-message';
    const error = Object.assign(new TypeError(`bad input ${marker}`), { code: 'E_PARSE' });
    log.error({ err: error, jobId: 'job-1' }, 'failed');
    assert.ok(!capture.text.includes(marker), capture.text);
    const err = capture.entries()[0]?.err as Record<string, unknown> | undefined;
    assert.equal(err?.type, 'TypeError');
    assert.equal(err.code, 'E_PARSE');
    assert.ok(Array.isArray(err.frames) && err.frames.length > 0);
  });
});

describe('safeError', () => {
  const marker = 'SECRET-MARKER-7f3a';

  test('type and frames, never the message', () => {
    const out = safeError(new Error(`could not parse ${marker}`));
    assert.equal(out.type, 'Error');
    const frames = out.frames as string[];
    assert.ok(Array.isArray(frames) && frames.length > 0 && frames.length <= 8);
    for (const frame of frames) assert.match(frame, /^at /);
    assert.ok(!JSON.stringify(out).includes(marker), JSON.stringify(out));
    assert.equal('message' in out, false);
    assert.equal('stack' in out, false);
  });

  test('keeps a string code and a numeric code', () => {
    const withString = Object.assign(new Error(marker), { code: 'ENOENT' });
    assert.equal(safeError(withString).code, 'ENOENT');
    const withNumber = Object.assign(new Error(marker), { code: 503 });
    assert.equal(safeError(withNumber).code, 503);
  });

  test('drops a code that is not a string or number', () => {
    const error = Object.assign(new Error('x'), { code: { secret: marker } });
    const out = safeError(error);
    assert.equal('code' in out, false);
    assert.ok(!JSON.stringify(out).includes(marker));
  });

  test('uses the error name as type', () => {
    class PdfParseError extends Error {
      override name = 'PdfParseError';
    }
    assert.equal(safeError(new PdfParseError(marker)).type, 'PdfParseError');
  });

  test('recurses into cause without the cause message', () => {
    const inner = Object.assign(new RangeError(`inner ${marker}-inner`), { code: 'E_INNER' });
    const outer = new Error(`outer ${marker}-outer`, { cause: inner });
    const out = safeError(outer);
    const cause = out.cause as Record<string, unknown> | undefined;
    assert.equal(cause?.type, 'RangeError');
    assert.equal(cause.code, 'E_INNER');
    assert.ok(Array.isArray(cause.frames));
    assert.ok(!JSON.stringify(out).includes(marker), JSON.stringify(out));
  });

  test('a non-Error cause is reduced to its type', () => {
    const out = safeError(new Error('x', { cause: `string cause ${marker}` }));
    assert.deepEqual(out.cause, { type: 'string' });
  });

  test('an error that is its own cause does not loop', () => {
    const error = new Error('self');
    (error as { cause?: unknown }).cause = error;
    const out = safeError(error);
    assert.equal(out.type, 'Error');
    assert.equal('cause' in out, false);
  });

  test('non-errors are reduced to their type, never their content', () => {
    assert.deepEqual(safeError(`thrown string ${marker}`), { type: 'string' });
    assert.deepEqual(safeError({ message: marker }), { type: 'object' });
    assert.deepEqual(safeError(undefined), { type: 'undefined' });
    assert.deepEqual(safeError(42), { type: 'number' });
  });

  // Source bugs (kept failing on purpose, see the report).
  test('a two-error cause cycle (a.cause = b, b.cause = a) does not overflow the stack', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    assert.doesNotThrow(() => safeError(a));
  });

  test('a message line that looks like a stack frame ("\\n    at …") is not output as a frame', () => {
    const error = new Error(`Unexpected token in line\n    at ${marker} fasting glucose`);
    const out = safeError(error);
    assert.ok(!JSON.stringify(out).includes(marker), JSON.stringify(out));
  });
});
