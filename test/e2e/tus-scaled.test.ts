import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import { signToken } from '../../src/http/auth.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import { useRedisServer } from '../helpers/redis-server.js';
import { startS3, type S3Server } from '../helpers/s3-server.js';
import { eventually, startTestApp, type TestApp } from '../helpers/test-app.js';

const redis = useRedisServer();

if (redis !== undefined)
  describe('resumable uploads across two replicas on Redis and S3', () => {
    const secret = randomBytes(32).toString('hex');
    let s3: S3Server;
    let a: TestApp;
    let b: TestApp;
    let report: Buffer;

    before(async () => {
      s3 = await startS3();
      const env = {
        SERENYA_JWT_SECRET: secret,
        SERENYA_MASTER_KEY: randomBytes(32).toString('base64'),
        SERENYA_QUEUE: 'redis',
        SERENYA_REDIS_URL: redis.server.url,
        SERENYA_REDIS_PREFIX: `tus-${randomBytes(4).toString('hex')}`,
        SERENYA_STORE: 's3',
        SERENYA_S3_BUCKET: s3.bucket,
        SERENYA_S3_ENDPOINT: s3.endpoint,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
      };
      a = await startTestApp(env);
      b = await startTestApp(env);
      report = await makeLabReportPdf(SAMPLE_ROWS);
    });
    after(async () => {
      await a.stop();
      await b.stop();
      await s3.stop();
    });

    const token = (sub: string) => signToken(Buffer.from(secret, 'utf8'), { sub, ttlSeconds: 600 });
    const tus = (jwt: string, extra: Record<string, string> = {}) => ({
      authorization: `Bearer ${jwt}`,
      'tus-resumable': '1.0.0',
      ...extra,
    });
    const patch = (base: string, path: string, jwt: string, offset: number, body: Buffer) =>
      fetch(base + path, {
        method: 'PATCH',
        headers: tus(jwt, {
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
        }),
        body,
      });

    test('started on one replica, resumed on the other; a race at one offset has one winner', async () => {
      const jwt = await token('user-replicas');
      const created = await fetch(`${a.url}/v1/uploads`, {
        method: 'POST',
        headers: tus(jwt, { 'upload-length': String(report.length) }),
      });
      assert.equal(created.status, 201);
      const path = created.headers.get('location') ?? '';
      const half = Math.floor(report.length / 2);
      assert.equal((await patch(a.url, path, jwt, 0, report.subarray(0, half))).status, 204);
      const head = await fetch(b.url + path, { method: 'HEAD', headers: tus(jwt) });
      assert.equal(head.headers.get('upload-offset'), String(half), 'the other replica knows');
      // Two clients (or a client and its own retry) send the next bytes to both replicas at once.
      const next = report.subarray(half, half + 100);
      const race = await Promise.all([
        patch(a.url, path, jwt, half, next),
        patch(b.url, path, jwt, half, next),
      ]);
      const statuses = race.map((r) => r.status).sort();
      assert.deepEqual(statuses, [204, 409], 'exactly one chunk is taken');
      const rest = report.subarray(half + 100);
      assert.equal((await patch(b.url, path, jwt, half + 100, rest)).status, 204);
      const id = path.split('/').pop() ?? '';
      const client = new SerenyaClient({ baseUrl: a.url, token: jwt });
      assert.equal((await client.waitUntilDone(id)).status, 'succeeded');
      assert.equal((await client.result(id)).labs.length, SAMPLE_ROWS.length);
      await client.acknowledge(id);
      await eventually(
        async () => ((await s3.objectKeys()).length === 0 ? true : undefined),
        5000,
        'an empty bucket',
      );
      assert.deepEqual(await s3.uploadKeys(), []);
    });
  });
