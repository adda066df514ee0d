import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startS3, type S3Server } from '../../test/helpers/s3-server.js';
import { recordCommands } from '../../test/helpers/s3-commands.js';
import { S3Store, type S3StoreOptions } from './s3.store.js';
import {
  eventually,
  heldSource,
  listAll,
  newOwner,
  newRef,
  readAll,
  sourceOf,
  storeContract,
} from './store.contract.js';
import { ObjectMissingError } from './store.port.js';

storeContract('S3Store', async () => {
  const s3 = await startS3();
  const client = new S3Client(s3.clientConfig);
  return {
    store: new S3Store({ client, bucket: s3.bucket, prefix: 'tmp/' }),
    cleanup: async () => {
      client.destroy();
      await s3.stop();
    },
  };
});

interface Fixture {
  readonly s3: S3Server;
  readonly client: S3Client;
  readonly store: S3Store;
  readonly commands: ReturnType<typeof recordCommands>;
}

async function withS3(
  run: (fixture: Fixture) => Promise<void>,
  options: Partial<S3StoreOptions> = {},
): Promise<void> {
  const s3 = await startS3();
  const client = new S3Client(s3.clientConfig);
  const commands = recordCommands(client);
  const store = new S3Store({ client, bucket: s3.bucket, prefix: 'tmp/', ...options });
  try {
    await run({ s3, client, store, commands });
  } finally {
    client.destroy();
    await s3.stop();
  }
}

const MiB = 1024 * 1024;

describe('S3Store (S3 specifics)', () => {
  test('a 12 MiB stream goes up as 5 + 5 + 2 MiB parts, at most 2 at a time, and reads back identical', () =>
    withS3(async ({ s3, store, commands }) => {
      const ref = newRef();
      const data = randomBytes(12 * MiB);
      assert.deepEqual(await store.put(ref, sourceOf(data)), { bytes: data.length });
      const parts = commands.inputs(UploadPartCommand);
      assert.deepEqual(
        parts.map((part) => [part.PartNumber, (part.Body as Buffer).length]).sort(),
        [
          [1, 5 * MiB],
          [2, 5 * MiB],
          [3, 2 * MiB],
        ].sort(),
      );
      assert.ok(commands.maxInFlight(UploadPartCommand) <= 2, 'queueSize 2');
      assert.equal(commands.names().includes('CompleteMultipartUploadCommand'), true);
      assert.ok((await readAll(await store.get(ref))).equals(data));
      assert.deepEqual(await s3.uploadKeys(), [], 'no upload is left in progress');
    }));

  test('an aborted multipart put leaves no object and no multipart upload', () =>
    withS3(async ({ s3, store, commands }) => {
      const ref = newRef();
      const source = heldSource();
      const controller = new AbortController();
      const put = store.put(ref, source, controller.signal);
      source.push(randomBytes(6 * MiB));
      await eventually(async () => commands.completed(UploadPartCommand) > 0, 'a part uploaded');
      assert.equal((await s3.uploadKeys()).length, 2, 'the marker and the multipart upload');
      controller.abort();
      await assert.rejects(put, { name: 'AbortError' });
      assert.deepEqual(await s3.objectKeys(), []);
      assert.deepEqual(await s3.uploadKeys(), []);
      assert.deepEqual(await listAll(store), []);
    }));

  test('a delete during a multipart put fails the put and leaves nothing', () =>
    withS3(async ({ s3, store, commands }) => {
      const ref = newRef();
      const source = heldSource();
      const put = store.put(ref, source);
      source.push(randomBytes(6 * MiB));
      await eventually(async () => commands.completed(UploadPartCommand) > 0, 'a part uploaded');
      assert.equal(await store.delete(ref), true);
      source.push(randomBytes(MiB));
      source.push(null);
      await assert.rejects(put);
      assert.deepEqual(await s3.objectKeys(), []);
      assert.deepEqual(await s3.uploadKeys(), []);
    }));

  test('keys hold only the prefix, owner hash, job id and kind; no metadata; ping leaves nothing', () =>
    withS3(async ({ s3, client, store }) => {
      const input = newRef();
      const result = { ...input, kind: 'result' as const };
      await store.put(input, sourceOf(randomBytes(10)));
      const source = heldSource();
      const put = store.put(result, source);
      source.push(randomBytes(10));
      const base = `tmp/${input.owner}/${input.jobId}`;
      await eventually(async () => (await s3.uploadKeys()).length > 0, 'the write to start');
      assert.deepEqual(await s3.uploadKeys(), [`${base}/result`]);
      source.push(null);
      await put;
      await store.ping();
      assert.deepEqual((await s3.objectKeys()).sort(), [`${base}/input`, `${base}/result`]);
      const head = await client.send(
        new HeadObjectCommand({ Bucket: s3.bucket, Key: `${base}/input` }),
      );
      assert.deepEqual(head.Metadata ?? {}, {});
    }));

  test('server-side encryption: AES256 by default, aws:kms with a key id when configured', async () => {
    await withS3(async ({ store, commands }) => {
      await store.put(newRef(), sourceOf(randomBytes(10)));
      for (const input of [
        ...commands.inputs(PutObjectCommand),
        ...commands.inputs(CreateMultipartUploadCommand),
      ])
        assert.deepEqual([input.ServerSideEncryption, input.SSEKMSKeyId], ['AES256', undefined]);
    });
    await withS3(
      async ({ store, commands }) => {
        await store.put(newRef(), sourceOf(randomBytes(6 * MiB)));
        const inputs = [
          ...commands.inputs(PutObjectCommand),
          ...commands.inputs(CreateMultipartUploadCommand),
        ];
        assert.equal(inputs.length, 2, 'the marker and the multipart upload');
        for (const input of inputs)
          assert.deepEqual(
            [input.ServerSideEncryption, input.SSEKMSKeyId],
            ['aws:kms', 'alias/tmp'],
          );
      },
      { sse: { kind: 'aws:kms', keyId: 'alias/tmp' } },
    );
  });

  test("a crash's leftover multipart upload is listed as partial from its start, and deletable", () =>
    withS3(async ({ s3, client, store }) => {
      const ref = newRef();
      const before = Date.now() - 1000;
      const Key = `tmp/${ref.owner}/${ref.jobId}/${ref.kind}`;
      await client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key }));
      const [only, ...rest] = await listAll(store);
      assert.deepEqual(rest, []);
      assert.deepEqual({ ...only, modifiedAt: 0 }, { ref, bytes: 0, modifiedAt: 0, partial: true });
      assert.ok(only !== undefined && only.modifiedAt >= before && only.modifiedAt <= Date.now());
      await assert.rejects(store.get(ref), ObjectMissingError);
      assert.equal(await store.delete(ref), true);
      assert.deepEqual(await s3.uploadKeys(), []);
    }));

  test('list and deleteOwner page through many objects and uploads, and count only what is ours', () =>
    withS3(
      async ({ s3, client, store }) => {
        const owner = newOwner();
        const refs = Array.from({ length: 5 }, () => newRef(owner));
        for (const ref of refs) await store.put(ref, sourceOf(randomBytes(3)));
        const held = Array.from({ length: 3 }, () => newRef(owner, 'result'));
        const sources = held.map(() => heldSource());
        const puts = held.map((ref, i) => store.put(ref, sources[i]!));
        const foreign = [
          'tmp/README',
          `tmp/${owner}/notes.txt`,
          `other/${owner}/x/input`,
          `${owner}/a`,
        ];
        for (const Key of foreign)
          await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body: 'x' }));
        await eventually(async () => (await listAll(store)).length === 8, 'all eight listed');
        const listed = await listAll(store);
        assert.equal(listed.filter((o) => o.partial).length, 3);
        assert.equal(await store.deleteOwner(owner), 8);
        for (const source of sources) source.push(null);
        for (const put of puts) await assert.rejects(put);
        assert.deepEqual(await listAll(store), []);
        assert.deepEqual(
          (await s3.objectKeys()).sort(),
          // Like the fs store's owner directory, the owner's whole prefix goes; the rest stays.
          [`other/${owner}/x/input`, `${owner}/a`, 'tmp/README'].sort(),
        );
      },
      { pageSize: 2 },
    ));
});
