import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { signToken } from '../../src/http/auth.js';
import { eventually } from './test-app.js';

export type ClusterRole = 'api' | 'worker' | 'serve';
/** The TypeScript sources through tsx (tests), or the build in dist/ (benchmarks, as deployed). */
export type ClusterEntry = 'src' | 'dist';

/** One `serenya api`, `worker` or `serve` process, with its output kept. */
export class ClusterProcess {
  readonly role: ClusterRole;
  readonly port: number;
  readonly url: string;
  /** Every line the process wrote (JSON log lines), across restarts. */
  readonly lines: string[] = [];
  #child: ChildProcess | undefined;
  readonly #env: Record<string, string>;
  readonly #entry: ClusterEntry;

  constructor(
    role: ClusterRole,
    port: number,
    env: Record<string, string>,
    entry: ClusterEntry = 'src',
  ) {
    this.role = role;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.#env = env;
    this.#entry = entry;
  }

  /** Starts the process and resolves once `/readyz` answers 200. */
  async start(): Promise<void> {
    const main = this.#entry === 'dist' ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
    const child = spawn(process.execPath, [...main, this.role], {
      env: { ...this.#env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    let buffered = '';
    const keep = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      this.lines.push(...parts.filter(Boolean));
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    await eventually(
      async () => {
        if (child.exitCode !== null)
          throw new Error(
            `${this.role} exited ${child.exitCode}: ${this.lines.slice(-5).join('\n')}`,
          );
        const ready = await fetch(`${this.url}/readyz`).catch(() => undefined);
        return ready?.status === 200 ? true : undefined;
      },
      30_000,
      `${this.role} on ${this.port} ready`,
    );
  }

  /** `kill -9`: no shutdown, no cleanup. */
  async kill9(): Promise<void> {
    const child = this.#child;
    if (!this.#running(child)) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  }

  /** A graceful stop (SIGTERM), as an orchestrator does. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!this.#running(child)) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  }

  #running(child: ChildProcess | undefined): child is ChildProcess {
    if (child === undefined) return false;
    return child.exitCode === null && child.signalCode === null;
  }

  /** Audit events of a type this process logged. */
  audit(type: string): Record<string, unknown>[] {
    return this.lines.flatMap((line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        return entry.audit === true && entry.type === type ? [entry] : [];
      } catch {
        return [];
      }
    });
  }
}

export interface ClusterOptions {
  readonly redisUrl: string;
  readonly s3: { readonly endpoint: string; readonly bucket: string };
  readonly apis?: number;
  readonly workers?: number;
  /** More environment for every process (short TTLs, stall intervals). */
  readonly env?: Record<string, string>;
  readonly entry?: ClusterEntry;
}

/** N API and M worker processes sharing one Redis and one bucket, as in production. */
export class Cluster {
  readonly apis: ClusterProcess[];
  readonly workers: ClusterProcess[];
  readonly secret = randomBytes(32).toString('hex');
  readonly prefix = `serenya-${randomBytes(4).toString('hex')}`;
  readonly env: Record<string, string>;

  private constructor(options: ClusterOptions, ports: number[]) {
    this.env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      SERENYA_HOST: '127.0.0.1',
      SERENYA_LOG_LEVEL: 'info',
      SERENYA_JWT_SECRET: this.secret,
      SERENYA_MASTER_KEY: randomBytes(32).toString('base64'),
      SERENYA_QUEUE: 'redis',
      SERENYA_REDIS_URL: options.redisUrl,
      SERENYA_REDIS_PREFIX: this.prefix,
      SERENYA_STORE: 's3',
      SERENYA_S3_BUCKET: options.s3.bucket,
      SERENYA_S3_ENDPOINT: options.s3.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      SERENYA_EXTRACT_PROCESSES: '1',
      SERENYA_WORKER_CONCURRENCY: '1',
      SERENYA_RETRY_BASE_DELAY_MS: '200',
      SERENYA_SHUTDOWN_GRACE_SECONDS: '2',
      ...options.env,
    };
    const apis = options.apis ?? 2;
    const make = (role: ClusterRole) => (port: number) =>
      new ClusterProcess(role, port, this.env, options.entry);
    this.apis = ports.slice(0, apis).map(make('api'));
    this.workers = ports.slice(apis).map(make('worker'));
  }

  /** Starts every process; resolves once all are ready. */
  static async start(options: ClusterOptions): Promise<Cluster> {
    const count = (options.apis ?? 2) + (options.workers ?? 2);
    const ports = await Promise.all(Array.from({ length: count }, freePort));
    const cluster = new Cluster(options, ports);
    await Promise.all([...cluster.apis, ...cluster.workers].map((p) => p.start()));
    return cluster;
  }

  token(sub = 'user-a'): Promise<string> {
    return signToken(Buffer.from(this.secret, 'utf8'), { sub, ttlSeconds: 900 });
  }

  /** Every process's audit events of a type. */
  audit(type: string): Record<string, unknown>[] {
    return [...this.apis, ...this.workers].flatMap((p) => p.audit(type));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.apis, ...this.workers].map((p) => p.stop()));
  }
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}
