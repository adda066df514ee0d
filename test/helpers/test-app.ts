import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildApp, type App, type AppOverrides } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { signToken } from '../../src/http/auth.js';
import { createLogger } from '../../src/observability/logger.js';

/** Every log line the app wrote, as text, so tests can search it for canaries. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
  /** Parsed audit events of a type. */
  audit(type: string): Record<string, unknown>[] {
    return this.lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.audit === true && entry.type === type);
  }
}

export interface TestApp {
  readonly app: App;
  readonly url: string;
  readonly tmpDir: string;
  readonly logs: LogCapture;
  readonly secret: string;
  /** A valid token for `sub`. */
  token(sub?: string): Promise<string>;
  /** Files under the temporary directory (recursive), relative paths. */
  files(): Promise<string[]>;
  /** Waits (briefly) until no file is left under the temporary directory; fails otherwise. */
  expectNoFiles(): Promise<void>;
  stop(): Promise<void>;
}

/** A real app on a real socket (port 0), with its own temp dir and captured logs. */
export async function startTestApp(
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
): Promise<TestApp> {
  const tmpDir = await mkdtemp(join(tmpdir(), 'serenya-test-'));
  const secret = randomBytes(32).toString('hex');
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    SERENYA_JWT_SECRET: secret,
    SERENYA_MASTER_KEY: randomBytes(32).toString('base64'),
    SERENYA_TMP_DIR: tmpDir,
    SERENYA_LOG_LEVEL: 'debug',
    SERENYA_RETRY_BASE_DELAY_MS: '20',
    SERENYA_SHUTDOWN_GRACE_SECONDS: '2',
    ...env,
  });
  const logs = new LogCapture();
  const app = await buildApp(config, { logger: createLogger('debug', logs), ...overrides });
  const url = await app.start();
  let stopped = false;
  return {
    app,
    url,
    tmpDir,
    logs,
    secret,
    token: (sub = 'user-a') => signToken(Buffer.from(secret, 'utf8'), { sub, ttlSeconds: 600 }),
    files: () => listFiles(tmpDir),
    expectNoFiles: async () => {
      await eventually(
        async () => ((await listFiles(tmpDir)).length === 0 ? true : undefined),
        3000,
        'no files left',
      );
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.stop();
      await rm(tmpDir, { recursive: true, force: true });
    },
  };
}

export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && e.name !== '.serenya.lock')
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
