import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InFlightUploads } from './in-flight.js';

test('counts only the other counted uploads of the same owner, until released', () => {
  const registry = new InFlightUploads();
  const a1 = registry.track('a', true);
  const a2 = registry.track('a', true);
  registry.track('a', false); // an append: not a job about to exist
  registry.track('b', true);
  assert.equal(a1.others(), 1);
  a2.release();
  assert.equal(a1.others(), 0);
});

test('a purge aborts every upload of that owner and no other', () => {
  const registry = new InFlightUploads();
  const mine = [registry.track('a', true), registry.track('a', false)];
  const theirs = registry.track('b', true);
  registry.abort('a');
  assert.ok(mine.every((t) => t.signal.aborted));
  assert.equal(theirs.signal.aborted, false);
  mine.forEach((t) => t.release());
  const again = registry.track('a', true);
  assert.equal(again.signal.aborted, false, 'a new upload after the purge is not aborted');
});
