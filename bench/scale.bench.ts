// Scale-out: throughput of 1-page documents with 1 worker process against 2 on this machine
// (target >= 1.7x), and the latency Redis and S3 add to one document against the embedded
// default, all measured in the same run.
//
// Two kinds of 1-page document: a PDF with a text layer (a few ms of parsing, so the API, S3 and
// Redis round trips dominate) and the same page scanned (OCR: the worker's work dominates, as
// with the phone photos the app sends). Everything runs on this machine's cores: the API, the
// workers, s3rver (in a process of its own), Redis and the load, so the machine's load in the
// 1-worker run bounds the ratio (2 cores / cores busy with 1 worker); the bench prints both.
// The processes run the build in dist/, as deployed, and each worker reads warm-up documents
// before the clock starts.
//
//   npm run bench:scale      (BENCH_DOCS=100 BENCH_SCANS=30 to change the load)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerenyaClient } from '../src/client/serenya-client.js';
import { signToken } from '../src/http/auth.js';
import { Cluster, ClusterProcess, freePort } from '../test/helpers/cluster.js';
import { makeLabReportPdf, SAMPLE_ROWS } from '../test/helpers/documents.js';
import { startRedis } from '../test/helpers/redis-server.js';
import { startS3Process } from '../test/helpers/s3-process.js';
import { imagesToPdf, rasterise } from '../test/helpers/scans.js';
import { measureLoad } from './machine-load.js';

interface Workload {
  readonly name: string;
  readonly document: Buffer;
  /** Documents in flight at once for the measure. */
  readonly count: number;
  /** Documents per worker process before the clock starts. */
  readonly warmUp: number;
}

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

/** Documents per second with `count` of them in flight at once. */
async function throughput(client: SerenyaClient, pdf: Buffer, count: number): Promise<number> {
  const began = performance.now();
  await Promise.all(
    Array.from({ length: count }, async () => {
      const { job } = await client.upload(pdf, { contentType: 'application/pdf' });
      const done = await client.waitUntilDone(job.id);
      if (done.status !== 'succeeded') throw new Error(`a bench job ended ${done.status}`);
      await client.acknowledge(job.id);
    }),
  );
  return count / ((performance.now() - began) / 1000);
}

async function embedded(pdf: Buffer): Promise<number> {
  const secret = randomBytes(32).toString('hex');
  const dir = await mkdtemp(join(tmpdir(), 'serenya-bench-'));
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    SERENYA_LOG_LEVEL: 'warn',
    SERENYA_JWT_SECRET: secret,
    SERENYA_MASTER_KEY: randomBytes(32).toString('base64'),
    SERENYA_TMP_DIR: dir,
    SERENYA_HOST: '127.0.0.1',
    ...PER_WORKER,
  };
  const serve = new ClusterProcess('serve', await freePort(), env, 'dist');
  await serve.start();
  try {
    const token = await signToken(Buffer.from(secret, 'utf8'), { sub: 'bench', ttlSeconds: 900 });
    return await latency(new SerenyaClient({ baseUrl: serve.url, token }), pdf);
  } finally {
    await serve.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

interface Rate {
  readonly docsPerSecond: number;
  /** Cores busy on the whole machine meanwhile. */
  readonly cores: number;
}

/** 1 API and `workers` worker processes on a fresh Redis and s3rver; every workload in turn. */
async function scaled(workers: number, workloads: readonly Workload[], latencyOf?: Buffer) {
  const redis = await startRedis();
  const s3 = await startS3Process();
  const cluster = await Cluster.start({
    entry: 'dist',
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
    const perDoc = latencyOf === undefined ? 0 : await latency(client, latencyOf);
    const rates: Rate[] = [];
    for (const workload of workloads) {
      await throughput(client, workload.document, workload.warmUp * workers);
      const { value, cores } = await measureLoad(() =>
        throughput(client, workload.document, workload.count),
      );
      rates.push({ docsPerSecond: value, cores });
    }
    return { perDoc, rates };
  } finally {
    await cluster.stop();
    await s3.stop();
    await redis.stop();
  }
}

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');
const text = await makeLabReportPdf(SAMPLE_ROWS);
const workloads: Workload[] = [
  {
    name: '1-page PDF with a text layer',
    document: text,
    count: Number(process.env.BENCH_DOCS ?? 60),
    warmUp: 6,
  },
  {
    name: '1-page scan, 200 dpi (OCR)',
    document: await imagesToPdf([await rasterise(text, 200)]),
    count: Number(process.env.BENCH_SCANS ?? 16),
    warmUp: 2,
  },
];
const local = await embedded(text);
const one = await scaled(1, workloads, text);
const two = await scaled(2, workloads);
const cores = (rate: Rate) => (Number.isNaN(rate.cores) ? 'n/a' : rate.cores.toFixed(2));
console.log('1 API process; each worker process runs 1 job at a time; all in flight at once');
for (const [i, workload] of workloads.entries()) {
  const a = one.rates[i];
  const b = two.rates[i];
  if (a === undefined || b === undefined) continue;
  const ratio = b.docsPerSecond / a.docsPerSecond;
  const ceiling = Number.isNaN(a.cores) ? 'n/a' : `${(2 / a.cores).toFixed(2)}x`;
  console.log(`\n${workload.name}, ${workload.count} documents`);
  console.log(`  1 worker process:  ${a.docsPerSecond.toFixed(2)} docs/s, ${cores(a)} cores busy`);
  console.log(`  2 worker processes: ${b.docsPerSecond.toFixed(2)} docs/s, ${cores(b)} cores busy`);
  console.log(
    `  ratio 2/1: ${ratio.toFixed(2)}x (target >= 1.7x) ${ratio >= 1.7 ? 'MET' : 'NOT MET'}`,
  );
  console.log(`  estimated ceiling on 2 cores given the 1-worker load: ${ceiling}`);
}
console.log(`\nlatency of one text-layer document, embedded (fs + memory): ${local.toFixed(0)} ms`);
console.log(`latency of one text-layer document, Redis + S3: ${one.perDoc.toFixed(0)} ms (median)`);
console.log(
  `added by Redis and S3: ${(one.perDoc - local).toFixed(0)} ms (${(one.perDoc / local).toFixed(2)}x)`,
);
