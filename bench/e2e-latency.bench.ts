// End-to-end latency and throughput of 1-page text PDFs through the HTTP API, printed as ratios
// to pdf.js text extraction alone on the same files in the same run: the service's overhead
// (auth, streaming encryption, queue, decrypt, interpretation, result encryption, deletion).
//
//   npm run bench            (BENCH_DOCS=60 BENCH_IN_FLIGHT=8 to change the load)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentReader } from '../src/pipeline/extract/document-reader.js';
import { signToken } from '../src/http/auth.js';
import { makeLabReportPdf } from '../test/helpers/documents.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 40);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 8);
const WORKERS = 2;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { mean: samples.reduce((a, b) => a + b, 0) / samples.length, p50: at(0.5), p95: at(0.95) };
}

async function documents(): Promise<Buffer[]> {
  const names = ['Hemoglobin', 'Glucose', 'Creatinine', 'Sodium', 'Potassium', 'ALT', 'AST', 'TSH'];
  return Promise.all(
    Array.from({ length: DOCS }, (_, i) =>
      makeLabReportPdf(
        names.map((name, j) => ({
          name,
          value: String(((i + 1) * (j + 3)) % 97),
          unit: 'mg/dL',
          range: `${j} - ${j + 50}`,
        })),
      ),
    ),
  );
}

/** Runs `work` over all docs with `concurrency` in flight; returns per-doc ms and total s. */
async function drive(docs: Buffer[], concurrency: number, work: (doc: Buffer) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < docs.length) {
        const doc = docs[next++]!;
        const t0 = performance.now();
        await work(doc);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

async function startService(tmpDir: string, secret: string) {
  // The compiled service, as production runs it (npm run bench builds it first).
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_SERVICE_FLAGS ?? '').split(' ').filter(Boolean),
      join(import.meta.dirname, '../dist/main.js'),
      'serve',
    ],
    {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: '0',
        SERENYA_HOST: '127.0.0.1',
        SERENYA_JWT_SECRET: secret,
        SERENYA_MASTER_KEY: randomBytes(32).toString('base64'),
        SERENYA_TMP_DIR: tmpDir,
        SERENYA_WORKER_CONCURRENCY: String(WORKERS),
        SERENYA_RATE_LIMIT_PER_MINUTE: '100000',
        SERENYA_MAX_ACTIVE_JOBS_PER_USER: '1000',
        SERENYA_LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"address":"(http:\/\/[^"]+)"/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.on('exit', () => reject(new Error('service exited')));
  });
  child.stdout.resume();
  return {
    url,
    stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))),
  };
}

const docs = await documents();
// pdf.js text extraction and layout alone, in this process (these PDFs never need OCR).
const reader = new DocumentReader({ recognize: async () => ({ runs: [], confidence: 0 }) });
const extractOnly = async (doc: Buffer) => {
  await reader.read(doc, 'application/pdf', {
    maxPixels: 40_000_000,
    maxPages: 50,
    signal: new AbortController().signal,
    onPage: () => undefined,
  });
};

const tmpDir = await mkdtemp(join(tmpdir(), 'serenya-bench-'));
const secret = randomBytes(32).toString('hex');
const service = await startService(tmpDir, secret);
const token = await signToken(Buffer.from(secret), { sub: 'bench', ttlSeconds: 3600 });
const throughService = async (doc: Buffer) => {
  const response = await fetch(`${service.url}/v1/documents`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/pdf',
      prefer: 'wait=60',
    },
    body: doc,
  });
  const body = (await response.json()) as { job: { id: string; status: string } };
  if (response.status !== 200 || body.job.status !== 'succeeded')
    throw new Error(`job ${body.job.status}`);
  await fetch(`${service.url}/v1/jobs/${body.job.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}` },
  });
};

try {
  // Warm both paths (JIT, pdf.js module load, connection pool).
  await drive(docs.slice(0, 5), 1, extractOnly);
  await drive(docs.slice(0, 5), 1, throughService);

  const refSeq = await drive(docs, 1, extractOnly);
  const svcSeq = await drive(docs, 1, throughService);
  const refPar = await drive(docs, WORKERS, extractOnly);
  const svcPar = await drive(docs, IN_FLIGHT, throughService);

  const row = (name: string, run: { latencies: number[]; seconds: number }) => {
    const s = stats(run.latencies);
    return `${name.padEnd(58)} ${s.mean.toFixed(1).padStart(8)} ${s.p50.toFixed(1).padStart(8)} ${s.p95.toFixed(1).padStart(8)} ${(docs.length / run.seconds).toFixed(1).padStart(8)}`;
  };
  const kb = (docs.reduce((a, d) => a + d.length, 0) / docs.length / 1024).toFixed(1);
  process.stdout.write(
    [
      `1-page text PDFs: ${docs.length} documents, ${kb} KiB on average; service with ${WORKERS} workers`,
      `${''.padEnd(58)} ${'mean ms'.padStart(8)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'docs/s'.padStart(8)}`,
      row('pdf.js text extraction alone, sequential', refSeq),
      row('service: upload+wait for result+acknowledge, sequential', svcSeq),
      row(`pdf.js text extraction alone, ${WORKERS} at once`, refPar),
      row(`service: the same, ${IN_FLIGHT} in flight`, svcPar),
      '',
      `latency ratio (service / extraction, sequential means): ${(stats(svcSeq.latencies).mean / stats(refSeq.latencies).mean).toFixed(2)}x`,
      `added latency per document (sequential means): ${(stats(svcSeq.latencies).mean - stats(refSeq.latencies).mean).toFixed(1)} ms`,
      `throughput ratio (service ${IN_FLIGHT} in flight / extraction ${WORKERS} at once): ${(refPar.seconds / svcPar.seconds).toFixed(2)}x`,
      '',
    ].join('\n'),
  );
} finally {
  await service.stop();
  await rm(tmpDir, { recursive: true, force: true });
}
