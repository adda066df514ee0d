import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertValidRef, chunkIndex, chunkKind, isValidKind, MAX_CHUNKS } from './store.port.js';
import { keyOf, refOf } from './s3-keys.js';

const owner = '0123456789abcdef0123456789abcdef';
const jobId = '01234567-89ab-cdef-0123-456789abcdef';

describe('object kinds', () => {
  test('chunks of a resumable upload are named by index and a random tag', () => {
    assert.equal(chunkKind(0, '0a1b2c3d'), 'chunk-0-0a1b2c3d');
    assert.equal(chunkKind(999, 'ffffffff'), 'chunk-999-ffffffff');
    assert.equal(chunkIndex(chunkKind(42, '0a1b2c3d')), 42);
    assert.equal(chunkIndex('input'), undefined);
  });

  test('nothing else is a kind: no path, no other index or tag', () => {
    for (const kind of ['input', 'result', 'chunk-0-0a1b2c3d', 'chunk-17-deadbeef'])
      assert.ok(isValidKind(kind), kind);
    for (const kind of [
      'chunk-0',
      'chunk-01-0a1b2c3d',
      `chunk-${MAX_CHUNKS}-0a1b2c3d`,
      'chunk-1-0A1B2C3D',
      'chunk-1-0a1b2c3d/../x',
      '../input',
      'inputs',
      '',
    ])
      assert.equal(isValidKind(kind), false, kind);
    assert.throws(() => chunkKind(MAX_CHUNKS, '0a1b2c3d'));
    assert.throws(() => chunkKind(-1, '0a1b2c3d'));
    assert.throws(() => chunkKind(1, 'xyz'));
    assert.throws(() => assertValidRef({ owner, jobId, kind: 'chunk-1-xyz' }));
  });

  test('an S3 key of a chunk round-trips; a forged one is not ours', () => {
    const ref = { owner, jobId, kind: chunkKind(3, 'a0b1c2d3') };
    assert.deepEqual(refOf('p/', keyOf('p/', ref)), ref);
    assert.equal(refOf('p/', `p/${owner}/${jobId}/chunk-3`), undefined);
  });
});
