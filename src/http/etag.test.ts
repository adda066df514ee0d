import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { listedTags, matchesTag, versionTag } from './etag.js';

const ID = '0b6f3c1e-6c44-4a53-9d0e-6a5c3c1d2e4f';

describe('entity tags', () => {
  test('are weak and name the job, the version and the representation', () => {
    assert.equal(versionTag(ID, 7), `W/"${ID}.v7"`);
    assert.equal(versionTag(ID, 7, 'fhir'), `W/"${ID}.v7.fhir"`);
  });

  test('If-None-Match matches weakly, in lists and with *', () => {
    const tag = versionTag(ID, 3);
    assert.equal(matchesTag(tag, tag), true);
    assert.equal(matchesTag(`"${ID}.v3"`, tag), true, 'weak comparison ignores W/');
    assert.equal(matchesTag(`W/"a", ${tag}`, tag), true);
    assert.equal(matchesTag('*', tag), true);
    assert.equal(matchesTag(versionTag(ID, 2), tag), false);
    assert.equal(matchesTag(versionTag(ID, 3, 'fhir'), tag), false);
    assert.equal(matchesTag(undefined, tag), false);
    assert.deepEqual(listedTags('garbage'), []);
  });
});
