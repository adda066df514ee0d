import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { createOwnerHasher } from './owner-hash.js';

const SUBJECTS = [
  'user-123',
  'auth0|5f7c8ec7c33c6c004bbafe82',
  'alice@example.com',
  randomUUID(),
  '0123456789abcdef0123456789abcdef',
  'Ünïcödé-subject-名前',
];

describe('createOwnerHasher', () => {
  test('gives 32 lowercase hex characters', () => {
    const hash = createOwnerHasher(randomBytes(32));
    for (const subject of [...SUBJECTS, '', 'x'.repeat(10_000)]) {
      assert.match(hash(subject), /^[0-9a-f]{32}$/, subject.slice(0, 40));
    }
  });

  test('is deterministic for one master key, across hasher instances', () => {
    const master = randomBytes(32);
    const a = createOwnerHasher(master);
    const b = createOwnerHasher(Buffer.from(master));
    for (const subject of SUBJECTS) {
      assert.equal(a(subject), a(subject));
      assert.equal(a(subject), b(subject));
    }
  });

  test('differs across master keys', () => {
    const a = createOwnerHasher(randomBytes(32));
    const b = createOwnerHasher(randomBytes(32));
    for (const subject of SUBJECTS) assert.notEqual(a(subject), b(subject), subject);
  });

  test('differs across subjects, including ones that differ in case or by one character', () => {
    const hash = createOwnerHasher(randomBytes(32));
    const subjects = [...SUBJECTS, 'User-123', 'user-124', 'user-123 ', ''];
    const hashes = new Set(subjects.map(hash));
    assert.equal(hashes.size, subjects.length);
  });

  test('never contains the subject, and is not an unkeyed or master-keyed digest of it', () => {
    const master = randomBytes(32);
    const hash = createOwnerHasher(master);
    for (const subject of SUBJECTS) {
      const value = hash(subject);
      assert.equal(value.includes(subject.toLowerCase()), false, subject);
      assert.notEqual(value, subject);
      assert.notEqual(value, createHash('sha256').update(subject).digest('hex').slice(0, 32));
      assert.notEqual(
        value,
        createHmac('sha256', master).update(subject).digest('hex').slice(0, 32),
      );
    }
  });
});
