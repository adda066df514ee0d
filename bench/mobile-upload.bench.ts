// The tus (resumable) upload path against the plain upload (POST /v1/documents), in the same
// run on the same service: time until the job exists, and until its result is fetched, for a
// typical phone-sized document (a 1-page report padded to 3 MB) sent in 1 MiB chunks.
//
//   npm run bench:mobile-upload      (BENCH_SAMPLES=20, BENCH_PAD_MB=3 to change it)
import { SerenyaClient } from '../src/client/serenya-client.js';
import { ClusterProcess, freePort } from '../test/helpers/cluster.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../test/helpers/documents.js';
import { signToken } from '../src/http/auth.js';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 15);
const PAD = Number(process.env.BENCH_PAD_MB ?? 3) * 1024 * 1024;
const CHUNK = 1024 * 1024;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

async function measure(client: SerenyaClient, doc: Buffer, resumable: boolean) {
  const accepted: number[] = [];
  const done: number[] = [];
  for (let i = 0; i < SAMPLES + 2; i++) {
    const began = performance.now();
    const id = resumable
      ? await client.uploadResumable(doc, { chunkSize: CHUNK, contentType: 'application/pdf' })
      : (await client.upload(doc, { contentType: 'application/pdf' })).job.id;
    const created = performance.now() - began;
    await client.waitUntilDone(id);
    await client.result(id);
    const finished = performance.now() - began;
    await client.acknowledge(id);
    if (i < 2) continue; // warm-up
    accepted.push(created);
    done.push(finished);
  }
  return { accepted: median(accepted), done: median(done) };
}

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
  SERENYA_RATE_LIMIT_PER_MINUTE: '100000',
});
await serve.start();
try {
  const token = await signToken(Buffer.from(secret, 'utf8'), { sub: 'bench', ttlSeconds: 900 });
  const client = new SerenyaClient({ baseUrl: serve.url, token });
  const doc = await makeLabReportPdf(SAMPLE_ROWS, { padBytes: PAD });
  // Alternate so that neither path gets a warmer process.
  const plain = await measure(client, doc, false);
  const tus = await measure(client, doc, true);
  const plain2 = await measure(client, doc, false);
  const base = {
    accepted: (plain.accepted + plain2.accepted) / 2,
    done: (plain.done + plain2.done) / 2,
  };
  const mb = (doc.length / 1_000_000).toFixed(1);
  console.log(
    `${mb} MB document, ${Math.ceil(doc.length / CHUNK)} chunks of 1 MiB, ${SAMPLES} samples each, medians`,
  );
  console.log(
    `until the job exists: plain ${base.accepted.toFixed(0)} ms, tus ${tus.accepted.toFixed(0)} ms, added ${(tus.accepted - base.accepted).toFixed(0)} ms (${(tus.accepted / base.accepted).toFixed(2)}x)`,
  );
  console.log(
    `until the result is fetched: plain ${base.done.toFixed(0)} ms, tus ${tus.done.toFixed(0)} ms, added ${(tus.done - base.done).toFixed(0)} ms (${(tus.done / base.done).toFixed(2)}x)`,
  );
} finally {
  await serve.stop();
  await rm(dir, { recursive: true, force: true });
}
