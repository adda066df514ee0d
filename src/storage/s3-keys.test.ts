import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { S3Client } from '@aws-sdk/client-s3';
import { keyOf, refOf } from './s3-keys.js';
import { S3Store } from './s3.store.js';
import { newRef } from './store.contract.js';

describe('S3 keys', () => {
  test('a ref maps to {prefix}{owner}/{job id}/{kind} and back', () => {
    const ref = newRef();
    for (const prefix of ['', 'tmp/', 'a/b/']) {
      const key = keyOf(prefix, ref);
      assert.equal(key, `${prefix}${ref.owner}/${ref.jobId}/${ref.kind}`);
      assert.deepEqual(refOf(prefix, key), ref);
    }
  });

  test('keys that are not exactly ours name no ref', () => {
    const { owner, jobId } = newRef();
    for (const key of [
      undefined,
      `${owner}/${jobId}/input`, // outside the prefix
      `tmp/${owner}/${jobId}/other`,
      `tmp/${owner}/${jobId}/input/x`,
      `tmp/${owner}/${jobId}`,
      `tmp/${owner.toUpperCase()}/${jobId}/input`,
      `tmp/${owner}/not-a-uuid/input`,
      `tmp/.ping/${jobId}`,
      'tmp/README',
    ])
      assert.equal(refOf('tmp/', key), undefined, String(key));
  });

  test('the store prefix must be empty or end with a slash, and cannot climb', () => {
    const client = new S3Client({ region: 'us-east-1' });
    for (const prefix of ['tmp', '/tmp/', '../', 'a/../', './', 'a//', ' a/'])
      assert.throws(() => new S3Store({ client, bucket: 'b', prefix }), /prefix/, prefix);
    for (const prefix of ['', 'tmp/', 'serenya/tmp-1/', 'a.b/'])
      assert.doesNotThrow(() => new S3Store({ client, bucket: 'b', prefix }));
    client.destroy();
  });
});
