import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  S3Client,
  type LifecycleRule,
} from '@aws-sdk/client-s3';
import { recordCommands } from '../../test/helpers/s3-commands.js';
import { startS3, type StartS3Options } from '../../test/helpers/s3-server.js';
import { LIFECYCLE_RULE_ID, lifecycleRule } from './s3-bucket-check.js';
import { S3Store } from './s3.store.js';

async function withBucket(
  options: StartS3Options,
  run: (bucket: {
    client: S3Client;
    store: S3Store;
    name: string;
    commands: ReturnType<typeof recordCommands>;
  }) => Promise<void>,
): Promise<void> {
  const s3 = await startS3(options);
  const client = new S3Client(s3.clientConfig);
  const commands = recordCommands(client);
  try {
    await run({
      client,
      store: new S3Store({ client, bucket: s3.bucket, prefix: 'tmp/' }),
      name: s3.bucket,
      commands,
    });
  } finally {
    client.destroy();
    await s3.stop();
  }
}

async function rules(client: S3Client, bucket: string): Promise<LifecycleRule[]> {
  const output = await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
  return output.Rules ?? [];
}

const OTHER: LifecycleRule = {
  ID: 'someone-elses',
  Status: 'Enabled',
  Filter: { Prefix: 'logs/' },
  Expiration: { Days: 30 },
};

describe('S3Store.checkBucket', () => {
  test('s3rver itself lacks lifecycle configuration: a clear warning, not a crash', () =>
    withBucket({}, async ({ store }) => {
      const { warnings } = await store.checkBucket();
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? '', /does not implement bucket lifecycle/);
    }));

  test('installs the expiry rule for the prefix once; the second call changes nothing', () =>
    withBucket({ lifecycle: true }, async ({ client, store, name, commands }) => {
      assert.deepEqual(await store.checkBucket(), { warnings: [] });
      assert.deepEqual(await rules(client, name), [
        {
          ID: 'serenya-expiry',
          Status: 'Enabled',
          Filter: { Prefix: 'tmp/' },
          Expiration: { Days: 1 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ]);
      assert.deepEqual(await store.checkBucket(), { warnings: [] });
      assert.equal(commands.inputs(PutBucketLifecycleConfigurationCommand).length, 1);
    }));

  test("keeps the bucket's other rules, and replaces a stale rule of ours", () =>
    withBucket({ lifecycle: true }, async ({ client, store, name, commands }) => {
      const stale: LifecycleRule = { ...lifecycleRule('tmp/'), Expiration: { Days: 30 } };
      await client.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: name,
          LifecycleConfiguration: { Rules: [OTHER, stale] },
        }),
      );
      await store.checkBucket();
      const after = await rules(client, name);
      assert.deepEqual(after.map((rule) => rule.ID).sort(), [LIFECYCLE_RULE_ID, 'someone-elses']);
      assert.deepEqual(
        after.find((rule) => rule.ID === 'someone-elses'),
        OTHER,
      );
      assert.deepEqual(
        after.find((rule) => rule.ID === LIFECYCLE_RULE_ID),
        lifecycleRule('tmp/'),
      );
      await store.checkBucket();
      assert.equal(commands.inputs(PutBucketLifecycleConfigurationCommand).length, 2);
    }));

  for (const versioning of ['Enabled', 'Suspended'] as const) {
    test(`warns when versioning is ${versioning}: deleted objects would survive as versions`, () =>
      withBucket({ lifecycle: true, versioning }, async ({ store }) => {
        const { warnings } = await store.checkBucket();
        assert.equal(warnings.length, 1);
        assert.match(warnings[0] ?? '', new RegExp(`versioning is ${versioning}`));
      }));
  }
});
