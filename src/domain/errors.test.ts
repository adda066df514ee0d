import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ERROR_CATALOGUE,
  ERROR_CODES,
  ServiceError,
  isServiceError,
  toServiceError,
} from './errors.js';

describe('error catalogue', () => {
  it('has one entry per code, and no others', () => {
    assert.deepEqual(Object.keys(ERROR_CATALOGUE).sort(), [...ERROR_CODES].sort());
    assert.equal(new Set(ERROR_CODES).size, ERROR_CODES.length);
  });

  for (const code of ERROR_CODES) {
    it(`${code}: a 4xx/5xx status, a title and a user-facing detail`, () => {
      const spec = ERROR_CATALOGUE[code];
      assert.ok(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599);
      assert.ok(spec.title.trim().length > 0);
      assert.ok(spec.detail.trim().length > 0);
      assert.equal(typeof spec.retryable, 'boolean');
    });
  }

  it('includes every code the design lists', () => {
    for (const code of [
      'unauthorized',
      'forbidden',
      'not_found',
      'expired',
      'rate_limited',
      'overloaded',
      'unsupported_media_type',
      'file_too_large',
      'too_many_pages',
      'password_protected',
      'corrupt_document',
      'no_text_found',
      'processing_timeout',
      'provider_unavailable',
      'internal',
    ])
      assert.ok((ERROR_CODES as readonly string[]).includes(code), code);
  });

  it('marks transient failures retryable and permanent ones not', () => {
    for (const code of ['rate_limited', 'overloaded', 'provider_unavailable'] as const)
      assert.equal(ERROR_CATALOGUE[code].retryable, true, code);
    for (const code of [
      'unsupported_media_type',
      'file_too_large',
      'too_many_pages',
      'password_protected',
      'corrupt_document',
    ] as const)
      assert.equal(ERROR_CATALOGUE[code].retryable, false, code);
  });
});

describe('ServiceError', () => {
  it('takes status, retryability and detail from the catalogue', () => {
    const error = new ServiceError('file_too_large');
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'ServiceError');
    assert.equal(error.code, 'file_too_large');
    assert.equal(error.message, 'file_too_large');
    assert.equal(error.status, 413);
    assert.equal(error.retryable, false);
    assert.equal(error.detail, ERROR_CATALOGUE.file_too_large.detail);
    assert.equal(error.retryAfterSeconds, undefined);
  });

  it('accepts a specific detail, cause, retryAfterSeconds and retryability', () => {
    const cause = new Error('socket hang up');
    const error = new ServiceError('internal', {
      detail: 'Storage is busy.',
      cause,
      retryAfterSeconds: 7,
      retryable: false,
    });
    assert.equal(error.detail, 'Storage is busy.');
    assert.equal(error.cause, cause);
    assert.equal(error.retryAfterSeconds, 7);
    assert.equal(error.retryable, false);
    assert.equal(error.message, 'internal', 'the message is the code, never the cause');
  });
});

describe('toServiceError', () => {
  it('keeps a ServiceError as it is', () => {
    const error = new ServiceError('corrupt_document', { detail: 'specific' });
    assert.equal(toServiceError(error), error);
  });

  it('wraps an unknown Error as internal, keeping it as the cause', () => {
    const original = new TypeError('Cannot read properties of undefined (reading "x")');
    const wrapped = toServiceError(original);
    assert.ok(isServiceError(wrapped));
    assert.equal(wrapped.code, 'internal');
    assert.equal(wrapped.status, 500);
    assert.equal(wrapped.cause, original);
    assert.ok(!wrapped.message.includes('Cannot read'));
    assert.equal(wrapped.detail, ERROR_CATALOGUE.internal.detail);
  });

  it('wraps non-Error values too', () => {
    for (const value of ['a string', 42, undefined, null, { code: 'not_found' }]) {
      const wrapped = toServiceError(value);
      assert.ok(wrapped instanceof ServiceError);
      assert.equal(wrapped.code, 'internal');
      assert.equal(wrapped.cause, value);
    }
  });

  it('isServiceError tells ServiceErrors from look-alikes', () => {
    assert.equal(isServiceError(new ServiceError('not_found')), true);
    assert.equal(isServiceError(new Error('not_found')), false);
    assert.equal(isServiceError({ code: 'not_found', status: 404 }), false);
  });
});
