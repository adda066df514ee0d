import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { ApiProblemError, SerenyaClient } from '../../src/client/serenya-client.js';
import { Cluster } from '../helpers/cluster.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import { scanKeys } from '../helpers/redis-keys.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import { startS3, type S3Server } from '../helpers/s3-server.js';
import { imagesToPdf, rasterise } from '../helpers/scans.js';
import { eventually } from '../helpers/test-app.js';

/**
 * Two API and two worker processes on a real Redis and a real S3-compatible server, under the
 * faults of issue 6. After every scenario: every accepted job is delivered or terminally failed,
 * none twice, and once drained no object is left in the bucket and no job key in Redis.
 */
let redis: RedisServer;
let s3: S3Server;
let cluster: Cluster;
let inspect: Redis;
let scan: Buffer;
// Short enough for the sweep of a crashed upload and the expiry of tombstones to be seen, long
// enough for every job.
const TTL_SECONDS = 120;

before(async () => {
  redis = await startRedis({ persistent: true });
  s3 = await startS3();
  cluster = await Cluster.start({
    redisUrl: redis.url,
    s3,
    env: {
      SERENYA_TTL_SECONDS: String(TTL_SECONDS),
      SERENYA_SWEEP_INTERVAL_SECONDS: '2',
      SERENYA_STALLED_INTERVAL_SECONDS: '3',
    },
  });
  inspect = new Redis(redis.url);
  scan = await imagesToPdf([await rasterise(await makeLabReportPdf(SAMPLE_ROWS), 150)]);
});
after(async () => {
  inspect.disconnect();
  await cluster.stop();
  await s3.stop();
  await redis.stop();
});

const client = async (api: number, sub: string) =>
  new SerenyaClient({ baseUrl: cluster.apis[api]?.url ?? '', token: await cluster.token(sub) });

/** Uploads `n` scanned reports, alternating API replicas; resolves with the accepted job ids. */
async function submit(n: number, sub: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { job } = await (
      await client(i % 2, sub)
    ).upload(scan, { contentType: 'application/pdf' });
    ids.push(job.id);
  }
  return ids;
}

/** Statuses of the jobs as any replica sees them (404 once deleted). */
async function statuses(ids: readonly string[], sub: string): Promise<string[]> {
  const api = await client(1, sub);
  return Promise.all(
    ids.map(async (id) =>
      api.job(id).then(
        (job) => job.status,
        (error: unknown) => (error instanceof ApiProblemError ? error.problem.code : 'error'),
      ),
    ),
  );
}

/**
 * Waits until every job is terminal, fetches each success's result from the other replica and
 * acknowledges it; checks accepted = delivered + failed and that no job was processed twice.
 */
async function drain(ids: readonly string[], sub: string, timeoutMs = 120_000) {
  await eventually(
    async () => {
      const now = await statuses(ids, sub);
      return now.every((s) => ['succeeded', 'failed', 'cancelled', 'not_found'].includes(s))
        ? true
        : undefined;
    },
    timeoutMs,
    'every job terminal',
  );
  const api = await client(1, sub);
  let delivered = 0;
  let failed = 0;
  for (const [i, status] of (await statuses(ids, sub)).entries()) {
    const id = ids[i] ?? '';
    if (status === 'succeeded') {
      assert.equal((await api.result(id)).labs.length, SAMPLE_ROWS.length);
      delivered++;
    } else failed++;
    if (status !== 'not_found') await api.acknowledge(id);
  }
  const processed = cluster.audit('job.processed').map((e) => String(e.jobId));
  for (const id of ids)
    assert.ok(processed.filter((p) => p === id).length <= 1, `job ${id} processed twice`);
  return { delivered, failed };
}

/**
 * Nothing of the run left: no object or upload in the bucket, and in Redis only tombstones of
 * acknowledged jobs (no data key), each expiring with its job. The last test waits for those.
 */
async function assertNothingLeft(timeoutMs = 30_000) {
  await eventually(
    async () =>
      (await s3.objectKeys()).length === 0 && (await s3.uploadKeys()).length === 0
        ? true
        : undefined,
    timeoutMs,
    'an empty bucket',
  );
  for (const key of await jobKeys()) {
    const ttl = await inspect.pttl(key);
    assert.ok(ttl > 0 && ttl <= TTL_SECONDS * 1000, `${key} expires with its job (${ttl} ms)`);
    const record = await inspect.get(key);
    if (record !== null) {
      const parsed = JSON.parse(record) as Record<string, unknown>;
      assert.equal(parsed.inputKey, undefined, `${key} holds no data key`);
      assert.equal(parsed.resultKey, undefined, `${key} holds no data key`);
    }
  }
}

const jobKeys = () => scanKeys(inspect, `${cluster.prefix}:job:*`);

describe('scaled mode: 2 API and 2 worker processes under faults', { concurrency: false }, () => {
  test('kill -9 of a worker mid-job: the other worker finishes it, exactly one result', async () => {
    const ids = await submit(4, 'user-kill-worker');
    await eventually(
      async () =>
        (await statuses(ids, 'user-kill-worker')).filter((s) => s === 'processing').length === 2
          ? true
          : undefined,
      60_000,
      'both workers busy',
    );
    await cluster.workers[0]?.kill9();
    const { delivered, failed } = await drain(ids, 'user-kill-worker');
    assert.equal(delivered + failed, ids.length);
    assert.equal(delivered, ids.length, 'nothing lost to the crash');
    await cluster.workers[0]?.start();
    await assertNothingLeft();
  });

  test('progress and completion stream over SSE from the replica that did not take the upload', async () => {
    const { job } = await (
      await client(0, 'user-sse')
    ).upload(scan, { contentType: 'application/pdf' });
    const events: { event: string; status: string; version: string | undefined }[] = [];
    const last = await (
      await client(1, 'user-sse')
    ).waitUntilDone(job.id, (e) =>
      events.push({ event: e.event, status: e.job.status, version: e.id }),
    );
    assert.equal(last.status, 'succeeded');
    assert.ok(
      events.some((e) => e.status === 'processing'),
      `a processing event reached the other replica: ${JSON.stringify(events)}`,
    );
    assert.ok(
      events.some((e) => e.event === 'progress'),
      'page progress reached the other replica',
    );
    const versions = events.map((e) => Number(e.version));
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
      'event ids only grow',
    );
    const { delivered } = await drain([job.id], 'user-sse');
    assert.equal(delivered, 1);
    await assertNothingLeft();
  });

  test('kill -9 of an API mid-upload: no phantom job, the partial ciphertext is swept', async () => {
    const api = cluster.apis[0];
    assert.ok(api);
    const token = await cluster.token('user-kill-api');
    const before = new Set(await jobKeys());
    const size = 12 * 1024 * 1024;
    const upload = request(`${api.url}/v1/documents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/pdf',
        'content-length': String(size),
      },
    });
    upload.on('error', () => undefined);
    upload.write(scan.subarray(0, 1024));
    // Past one multipart part (5 MiB of ciphertext), so the bucket holds a partial upload.
    for (let sent = 1024; sent < 7 * 1024 * 1024; sent += 256 * 1024) {
      upload.write(Buffer.alloc(256 * 1024, 7));
      await sleep(5);
    }
    await eventually(
      async () => ((await s3.uploadKeys()).length > 0 ? true : undefined),
      20_000,
      'a partial upload in the bucket',
    );
    await api.kill9();
    upload.destroy();
    const phantoms = (await jobKeys()).filter((key) => !before.has(key));
    assert.deepEqual(phantoms, [], 'no phantom job');
    await api.start();
    // The partial upload is swept once older than the TTL (the sweeper runs every 2 s).
    await assertNothingLeft(180_000);
  });

  test('Redis restarts mid-run: work resumes and every job ends', async () => {
    const ids = await submit(3, 'user-redis-restart');
    await eventually(
      async () =>
        (await statuses(ids, 'user-redis-restart')).includes('processing') ? true : undefined,
      60_000,
      'a job processing',
    );
    await redis.restart();
    const { delivered, failed } = await drain(ids, 'user-redis-restart', 180_000);
    assert.equal(delivered + failed, ids.length);
    await assertNothingLeft();
  });

  test('a purge racing with processing leaves nothing of that user', async () => {
    const ids = await submit(3, 'user-purge');
    await eventually(
      async () => ((await statuses(ids, 'user-purge')).includes('processing') ? true : undefined),
      60_000,
      'a job processing',
    );
    const receipt = await (await client(1, 'user-purge')).purge();
    assert.ok(receipt.jobs >= ids.length - 1);
    await eventually(
      async () =>
        (await statuses(ids, 'user-purge')).every((s) => s === 'not_found') ? true : undefined,
      30_000,
      'every job of the user gone',
    );
    await assertNothingLeft();
  });

  test('Redis down: uploads get a fast 503 with Retry-After, readiness fails, nothing is kept', async () => {
    const api = cluster.apis[0];
    assert.ok(api);
    const before = await s3.objectKeys();
    await redis.outage(async () => {
      const began = performance.now();
      const refused = await fetch(`${api.url}/v1/documents`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await cluster.token('user-outage')}`,
          'content-type': 'application/pdf',
        },
        body: scan,
      });
      const took = performance.now() - began;
      assert.equal(refused.status, 503);
      assert.equal(((await refused.json()) as { code: string }).code, 'overloaded');
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      assert.ok(took < 3000, `answered in ${took.toFixed(0)} ms`);
      assert.equal((await fetch(`${api.url}/readyz`)).status, 503);
      assert.deepEqual(await s3.objectKeys(), before, 'the refused upload left nothing');
    });
    await eventually(
      async () => ((await fetch(`${api.url}/readyz`)).status === 200 ? true : undefined),
      30_000,
      'ready again once Redis is back',
    );
  });

  test('once the TTL has passed, no job key of the run is left in Redis', async () => {
    await eventually(
      async () => ((await jobKeys()).length === 0 ? true : undefined),
      (TTL_SECONDS + 15) * 1000,
      'every job key expired',
    );
    assert.deepEqual(await scanKeys(inspect, `${cluster.prefix}:idem*`), []);
    assert.deepEqual(await scanKeys(inspect, `${cluster.prefix}:owner*`), []);
  });
});
