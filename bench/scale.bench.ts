// Scale-out: throughput of 1-page documents with 1 worker process against 2 on this machine
// (target >= 1.7x), and the latency Redis and S3 add to one document against the embedded
// default, all measured in the same run.
//
//   npm run bench:scale            (BENCH_DOCS=40 to change the load)
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerenyaClient } from '../src/client/serenya-client.js';
import { signToken } from '../src/http/auth.js';
import { Cluster, ClusterProcess, freePort } from '../test/helpers/cluster.js';
import { makeLabReportPdf, SAMPLE_ROWS } from '../test/helpers/documents.js';
import { startRedis } from '../test/helpers/redis-server.js';
import { startS3 } from '../test/helpers/s3-server.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 40);
const LATENCY_SAMPLES = 15;
// One job at a time per worker process, one extraction child: a process is the unit of scale.
// The load comes from one user, so the per-user limits are lifted.
const PER_WORKER = {
  SERENYA_WORKER_CONCURRENCY: '1',
  SERENYA_EXTRACT_PROCESSES: '1',
  SERENYA_MAX_ACTIVE_JOBS_PER_USER: '1000',
  SERENYA_RATE_LIMIT_PER_MINUTE: '100000',
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

/** Median time of one document: upload with `Prefer: wait`, result, acknowledge. */
async function latency(client: SerenyaClient, pdf: Buffer): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES + 2; i++) {
    const began = performance.now();
    const { job } = await client.upload(pdf, { contentType: 'application/pdf', waitSeconds: 30 });
    await client.waitUntilDone(job.id);
    await client.result(job.id);
    await client.acknowledge(job.id);
    if (i >= 2) samples.push(performance.now() - began); // the first two warm up
  }
  return median(samples);
}

/** Documents per second with all of them in flight at once. */
async function throughput(client: SerenyaClient, pdf: Buffer): Promise<number> {
  const began = performance.now();
  await Promise.all(
    Array.from({ length: DOCS }, async () => {
      const { job } = await client.upload(pdf, { contentType: 'application/pdf' });
      await client.waitUntilDone(job.id);
      await client.acknowledge(job.id);
    }),
  );
  return DOCS / ((performance.now() - began) / 1000);
}

async function embedded(pdf: Buffer): Promise<number> {
  const secret = randomBytes(32).toString('hex');
  const dir = await mkdtemp(join(tmpdir(), 'serenya-bench-'));
  const serve = new ClusterProcess('serve', await freePort(), {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    SERENYA_LOG_LEVEL: 'warn',
    SERENYA_JWT_SECRET: secret,
    SERENYA_MASTER_KEY: randomBytes(32).toString('base64'),
    SERENYA_TMP_DIR: dir,
    SERENYA_HOST: '127.0.0.1',
    ...PER_WORKER,
  });
  await serve.start();
  try {
    const token = await signToken(Buffer.from(secret, 'utf8'), { sub: 'bench', ttlSeconds: 900 });
    return await latency(new SerenyaClient({ baseUrl: serve.url, token }), pdf);
  } finally {
    await serve.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function scaled(pdf: Buffer, workers: number, measureLatency: boolean) {
  const redis = await startRedis();
  const s3 = await startS3();
  const cluster = await Cluster.start({
    redisUrl: redis.url,
    s3,
    apis: 1,
    workers,
    env: { SERENYA_LOG_LEVEL: 'warn', ...PER_WORKER },
  });
  try {
    const client = new SerenyaClient({
      baseUrl: cluster.apis[0]?.url ?? '',
      token: await cluster.token('bench'),
    });
    const perDoc = measureLatency ? await latency(client, pdf) : 0;
    return { perDoc, rate: await throughput(client, pdf) };
  } finally {
    await cluster.stop();
    await s3.stop();
    await redis.stop();
  }
}

const pdf = await makeLabReportPdf(SAMPLE_ROWS);
const local = await embedded(pdf);
const one = await scaled(pdf, 1, true);
const two = await scaled(pdf, 2, false);
const ratio = two.rate / one.rate;
console.log(`1-page documents, ${DOCS} in flight, each worker process runs 1 job at a time`);
console.log(`throughput, 1 worker process:  ${one.rate.toFixed(2)} docs/s`);
console.log(`throughput, 2 worker processes: ${two.rate.toFixed(2)} docs/s`);
console.log(`ratio 2/1: ${ratio.toFixed(2)}x (target >= 1.7x) ${ratio >= 1.7 ? 'MET' : 'NOT MET'}`);
console.log(`latency of one document, embedded (fs + memory): ${local.toFixed(0)} ms (median)`);
console.log(`latency of one document, Redis + S3 (1 api, 1 worker): ${one.perDoc.toFixed(0)} ms`);
console.log(
  `added by Redis and S3: ${(one.perDoc - local).toFixed(0)} ms (${(one.perDoc / local).toFixed(2)}x)`,
);
