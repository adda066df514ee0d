import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

const BINARY = 'redis-server';
const STARTUP_TIMEOUT_MS = 10_000;
export const REDIS_SKIP_MESSAGE =
  'redis-server not installed: Redis adapter tests SKIPPED — apt-get install redis-server';

/** A real redis-server on a free local port, without persistence. */
export interface RedisServer {
  readonly url: string;
  stop(): Promise<void>;
  /** Kills the server (SIGKILL) and starts it again on the same port (empty unless persistent). */
  restart(): Promise<void>;
  /** Kills the server, runs `during` while it is down, then starts it again (data kept if persistent). */
  outage(during: () => Promise<void>): Promise<void>;
}

/** True when the redis-server binary can be run. */
export function redisAvailable(): boolean {
  const probe = spawnSync(BINARY, ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/**
 * Starts redis-server on a free port and resolves once it answers PING. With `persistent`, every
 * write is in an append-only file (fsync always), so data survives `restart()`.
 */
export async function startRedis(options: { persistent?: boolean } = {}): Promise<RedisServer> {
  if (!redisAvailable()) throw new Error(`${BINARY} not installed (required when CI is set)`);
  const port = await freePort();
  const dir = options.persistent === true ? await mkdtemp(join(tmpdir(), 'redis-')) : undefined;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', ''];
  args.push(
    ...(dir === undefined
      ? ['--appendonly', 'no']
      : ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir]),
  );
  let child = await launch(port, args);
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await kill(child, 'SIGTERM');
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    },
    async restart() {
      await kill(child, 'SIGKILL');
      child = await launch(port, args);
    },
    async outage(during) {
      await kill(child, 'SIGKILL');
      try {
        await during();
      } finally {
        child = await launch(port, args);
      }
    },
  };
}

/**
 * Starts one server for the whole test file (before/after hooks). Without the binary it skips
 * loudly and returns undefined, except under CI, where the tests must run and so fail. Read
 * `server` in tests or suite hooks: node:test runs root-level `before` hooks concurrently.
 */
export function useRedisServer(): { readonly server: RedisServer } | undefined {
  if (!redisAvailable() && process.env.CI === undefined) {
    console.warn(`\n*** ${REDIS_SKIP_MESSAGE} ***\n`);
    void test.skip(REDIS_SKIP_MESSAGE);
    return undefined;
  }
  let server: RedisServer | undefined;
  before(async () => {
    server = await startRedis();
  });
  after(async () => {
    await server?.stop();
  });
  return {
    get server() {
      if (server === undefined) throw new Error('redis-server not started yet');
      return server;
    },
  };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function launch(port: number, args: readonly string[]): Promise<ChildProcess> {
  const child = spawn(BINARY, args, { stdio: 'ignore' });
  const state = { exited: false };
  child.once('exit', () => (state.exited = true));
  const deadline = performance.now() + STARTUP_TIMEOUT_MS;
  while (!(await answersPing(port))) {
    if (state.exited) throw new Error(`${BINARY} exited at start-up (port ${port})`);
    if (performance.now() > deadline) {
      await kill(child, 'SIGKILL');
      throw new Error(`${BINARY} did not answer PING on port ${port}`);
    }
    await sleep(20);
  }
  return child;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
