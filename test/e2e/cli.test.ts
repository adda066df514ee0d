import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { jwtVerify } from 'jose';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import { SAMPLE_ROWS, makeLabReportPdf, makeTextPdf } from '../helpers/documents.js';
import { eventually, listFiles } from '../helpers/test-app.js';

const MAIN = join(import.meta.dirname, '../../src/main.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process, with a clean environment plus `env`. */
function serenya(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the serenya command', () => {
  let dir: string;
  let report: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'serenya-cli-'));
    report = join(dir, 'report.pdf');
    await writeFile(report, await makeLabReportPdf(SAMPLE_ROWS));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('analyze prints the result JSON and exits 0', async () => {
    const run = await serenya(['analyze', report]);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as {
      labs: { name: string; flag: string }[];
      summary: { headline: string };
    };
    assert.deepEqual(
      result.labs.map((l) => l.name),
      SAMPLE_ROWS.map((r) => r.name),
    );
    assert.match(result.summary.headline, /2 of 5/);
  });

  test('analyze --format text prints a readable table and the disclaimer', async () => {
    const run = await serenya(['analyze', report, '--format', 'text']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Hemoglobin\s+11\.2 g\/dL\s+12\.0 - 15\.5\s+LOW/);
    assert.match(run.stdout, /not a diagnosis/);
  });

  test('analyze prints the problem JSON and exits non-zero on a bad document', async () => {
    const locked = join(dir, 'locked.pdf');
    await writeFile(locked, await makeTextPdf([['x']], { userPassword: 'pw' }));
    const run = await serenya(['analyze', locked]);
    assert.equal(run.code, 1);
    assert.equal((JSON.parse(run.stdout) as { code: string }).code, 'password_protected');
    const junk = join(dir, 'junk.bin');
    await writeFile(junk, randomBytes(3000));
    const unsupported = await serenya(['analyze', junk]);
    assert.equal(unsupported.code, 1);
    assert.equal(
      (JSON.parse(unsupported.stdout) as { code: string }).code,
      'unsupported_media_type',
    );
  });

  test('a missing file and an unknown format are usage errors', async () => {
    const unknown = await serenya(['analyze', report, '--format', 'xml']);
    assert.equal(unknown.code, 2);
    const missing = await serenya(['analyze', join(dir, 'nope.pdf')]);
    assert.equal(missing.code, 2);
  });

  test('token signs with SERENYA_JWT_SECRET; without it, it explains what to do', async () => {
    const secret = randomBytes(32).toString('hex');
    const run = await serenya(['token', '--sub', 'user-42', '--ttl', '120'], {
      SERENYA_JWT_SECRET: secret,
    });
    assert.equal(run.code, 0);
    const { payload } = await jwtVerify(run.stdout.trim(), new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
    });
    assert.equal(payload.sub, 'user-42');
    assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 120);
    const none = await serenya(['token', '--sub', 'x']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /SERENYA_JWT_SECRET/);
  });

  test('sweep deletes files older than the TTL and keeps fresh ones', async () => {
    const store = join(dir, 'store');
    const owner = join(store, randomBytes(16).toString('hex'));
    await mkdir(owner, { recursive: true });
    const old = join(owner, '11111111-1111-4111-8111-111111111111.input');
    const fresh = join(owner, '22222222-2222-4222-8222-222222222222.result');
    await writeFile(old, 'x');
    await writeFile(fresh, 'y');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    await utimes(old, twoHoursAgo, twoHoursAgo);
    const run = await serenya(['sweep'], { SERENYA_TMP_DIR: store });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /swept 1 expired object/);
    assert.deepEqual(await listFiles(store), [fresh.slice(store.length + 1)]);
  });

  test('serve refuses to start in production without secrets and lists every problem', async () => {
    const run = await serenya(['serve'], { NODE_ENV: 'production', SERENYA_TTL_SECONDS: '99999' });
    assert.equal(run.code, 78);
    assert.match(run.stderr, /SERENYA_JWT_SECRET or SERENYA_JWKS_URL: required/);
    assert.match(run.stderr, /SERENYA_MASTER_KEY: required/);
    assert.match(run.stderr, /SERENYA_TTL_SECONDS: must be an integer from 60 to 3600/);
  });

  test('unknown commands and no command print the usage and exit 2', async () => {
    for (const args of [[], ['frobnicate']]) {
      const run = await serenya(args);
      assert.equal(run.code, 2);
      assert.match(run.stdout + run.stderr, /Usage: serenya/);
    }
  });

  test('serve in development mode prints a working token and curl line; submit uses it end to end', async () => {
    const store = join(dir, 'serve-store');
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        SERENYA_TMP_DIR: store,
        SERENYA_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let banner = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${banner}`)), 30_000);
        child.stderr.on('data', (c: Buffer) => {
          banner += c.toString();
          if (banner.includes('API docs: ')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      assert.match(banner, /DEVELOPMENT MODE/);
      const token = /export TOKEN=(\S+)/.exec(banner)?.[1];
      const url = /(http:\/\/127\.0\.0\.1:\d+)\/v1\/documents/.exec(banner)?.[1];
      assert.ok(token !== undefined && url !== undefined, banner);
      assert.match(banner, /curl .*Authorization: Bearer \$TOKEN/s);

      const run = await serenya(['submit', report, '--url', url, '--token', token]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /2 of 5 results are outside the reference range/);
      assert.match(run.stderr, /100% uploading/, 'the upload is resumable, with its own progress');
      assert.match(run.stderr, /100% succeeded/);
      assert.match(run.stderr, /acknowledged/);
      assert.deepEqual(await listFiles(store), [], 'acknowledged: nothing left');

      const client = new SerenyaClient({ baseUrl: url, token });
      const { job } = await client.upload(await makeLabReportPdf(SAMPLE_ROWS), {
        contentType: 'application/pdf',
      });
      await client.waitUntilDone(job.id);
      await eventually(
        async () => ((await listFiles(store)).length === 1 ? true : undefined),
        3000,
        'only the result left',
      );
    } finally {
      const exited = new Promise((resolve) => child.on('close', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    assert.deepEqual(
      await listFiles(store),
      [],
      'SIGTERM: graceful stop deleted the unacknowledged result',
    );
  });
});
