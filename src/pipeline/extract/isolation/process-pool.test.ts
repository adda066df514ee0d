import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createLogger } from '../../../observability/logger.js';
import { ChildFailure, ProcessPool, TaskFailed } from './process-pool.js';

const entry = new URL('../../../../test/helpers/pool-child.ts', import.meta.url);

function pool(options: { size?: number; memoryMb?: number; recycleAfter?: number } = {}) {
  return new ProcessPool({
    size: options.size ?? 1,
    entry,
    execArgv: ['--import', import.meta.resolve('tsx')],
    memoryLimitBytes: (options.memoryMb ?? 512) * 1024 * 1024,
    recycleAfter: options.recycleAfter ?? 100,
    logger: createLogger('silent'),
  });
}

const never = () => new AbortController().signal;

describe('ProcessPool', () => {
  const pools: ProcessPool[] = [];
  const make = (options?: Parameters<typeof pool>[0]) => {
    const p = pool(options);
    pools.push(p);
    return p;
  };
  after(() => Promise.all(pools.map((p) => p.close())));

  test('runs a task in a child process and returns its answer (Buffers intact)', async () => {
    const p = make();
    const value = { text: 'hello', bytes: Buffer.from([1, 2, 3]) };
    const result = await p.run<{ text: string; bytes: Uint8Array }>(
      { action: 'echo', value },
      { signal: never() },
    );
    assert.equal(result.text, 'hello');
    assert.deepEqual([...result.bytes], [1, 2, 3]);
    const pid = await p.run<number>({ action: 'pid' }, { signal: never() });
    assert.notEqual(pid, process.pid);
  });

  test('passes progress messages to the caller', async () => {
    const p = make();
    const seen: unknown[] = [];
    await p.run({ action: 'progress' }, { signal: never(), onProgress: (data) => seen.push(data) });
    assert.deepEqual(seen, [
      { page: 1, pages: 3 },
      { page: 2, pages: 3 },
      { page: 3, pages: 3 },
    ]);
  });

  test("a failure the child reports comes back as TaskFailed with the child's data", async () => {
    const p = make();
    await assert.rejects(p.run({ action: 'fail' }, { signal: never() }), (error: unknown) => {
      assert.ok(error instanceof TaskFailed);
      assert.deepEqual(error.data, { code: 'corrupt_document', detail: 'bad', retryable: false });
      return true;
    });
  });

  test('a crashing child fails its task only; the next task gets a new child', async () => {
    const p = make();
    const before = await p.run<number>({ action: 'pid' }, { signal: never() });
    await assert.rejects(
      p.run({ action: 'crash' }, { signal: never() }),
      (error: unknown) => error instanceof ChildFailure && error.kind === 'crashed',
    );
    const afterCrash = await p.run<number>({ action: 'pid' }, { signal: never() });
    assert.notEqual(afterCrash, before);
  });

  test('an aborted task kills its child at once (a hard kill on timeout)', async () => {
    const p = make();
    const pid = await p.run<number>({ action: 'pid' }, { signal: never() });
    const started = Date.now();
    await assert.rejects(
      p.run({ action: 'hang' }, { signal: AbortSignal.timeout(300) }),
      (error: unknown) => error instanceof Error && error.name === 'TimeoutError',
    );
    assert.ok(Date.now() - started < 3000);
    assert.equal(p.stats().children, 0);
    const gone = async () => {
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          return true;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return false;
    };
    assert.ok(await gone(), 'the child process is gone');
  });

  test('a child past its memory limit is killed and the task fails as memory', async () => {
    const p = make({ memoryMb: 300 });
    await assert.rejects(
      p.run({ action: 'hog' }, { signal: AbortSignal.timeout(20_000) }),
      (error: unknown) => error instanceof ChildFailure && error.kind === 'memory',
    );
    assert.ok(p.stats().peakRssBytes > 300 * 1024 * 1024, 'the watchdog saw it pass the limit');
    assert.equal(
      await p.run({ action: 'echo', value: 1 }, { signal: never() }),
      1,
      'and the pool goes on',
    );
  });

  test('children are recycled after N tasks', async () => {
    const p = make({ recycleAfter: 2 });
    const pids = [];
    for (let i = 0; i < 4; i++)
      pids.push(await p.run<number>({ action: 'pid' }, { signal: never() }));
    assert.equal(pids[0], pids[1]);
    assert.notEqual(pids[1], pids[2]);
    assert.equal(pids[2], pids[3]);
  });

  test('never more children than its size; extra tasks wait their turn', async () => {
    const p = make({ size: 2 });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => p.run<number>({ action: 'pid' }, { signal: never() })),
    );
    assert.ok(new Set(results).size <= 2);
    assert.ok(p.stats().children <= 2);
  });

  test('a waiting task can be aborted before it gets a child', async () => {
    const p = make({ size: 1 });
    const hang = new AbortController();
    const running = p.run({ action: 'hang' }, { signal: hang.signal }).catch(() => 'aborted');
    await assert.rejects(p.run({ action: 'echo', value: 1 }, { signal: AbortSignal.timeout(200) }));
    hang.abort();
    assert.equal(await running, 'aborted');
  });

  test('children get no environment from the service (no secrets)', async () => {
    const p = make();
    process.env.SERENYA_TEST_SECRET = 'do-not-leak';
    try {
      const pid = await p.run<number>({ action: 'pid' }, { signal: never() });
      const { readFile } = await import('node:fs/promises');
      const environ = await readFile(`/proc/${pid}/environ`, 'utf8');
      assert.ok(!environ.includes('do-not-leak'));
      assert.ok(!environ.includes('SERENYA_'));
    } finally {
      delete process.env.SERENYA_TEST_SECRET;
    }
  });
});
