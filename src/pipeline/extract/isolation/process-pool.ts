import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Logger } from '../../../observability/logger.js';

export interface PoolOptions {
  /** Children at most; each runs one task at a time. */
  readonly size: number;
  /** The module each child runs (it answers `task` messages; see child-protocol.ts). */
  readonly entry: URL;
  /** Node flags for the children (heap cap, no code generation, a TS loader in development). */
  readonly execArgv: readonly string[];
  /** Resident memory a child may use; past it, the parent kills it (native memory included). */
  readonly memoryLimitBytes: number;
  /** A child is replaced after this many tasks, so leaks and fragmentation do not accumulate. */
  readonly recycleAfter: number;
  readonly logger: Logger;
}

/** The child finished the task with a failure it reported itself (`data` is what it sent). */
export class TaskFailed extends Error {
  readonly data: unknown;
  constructor(data: unknown) {
    super('task failed in the child');
    this.name = 'TaskFailed';
    this.data = data;
  }
}

/** Why a task did not complete in its child. */
export class ChildFailure extends Error {
  readonly kind: 'crashed' | 'memory';
  constructor(kind: 'crashed' | 'memory', message: string) {
    super(message);
    this.name = 'ChildFailure';
    this.kind = kind;
  }
}

interface Child {
  readonly process: ChildProcess;
  tasks: number;
  busy: boolean;
  peakRss: number;
}

interface Waiter {
  resolve(child: Child): void;
  reject(error: unknown): void;
}

type ChildMessage =
  | { type: 'progress'; id: number; data: unknown }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; error: unknown };

const WATCH_INTERVAL_MS = 100;

/**
 * A pool of child processes for work that must not run in the service process: parsers of
 * untrusted documents. A child that crashes, exceeds its memory or outlives its task's signal
 * is killed (SIGKILL) and replaced; the task fails, the service does not.
 */
export class ProcessPool {
  readonly #options: PoolOptions;
  readonly #children = new Set<Child>();
  readonly #waiting: Waiter[] = [];
  #nextId = 1;
  #closed = false;
  #peakRss = 0;

  constructor(options: PoolOptions) {
    this.#options = options;
  }

  /** Runs one task in a child; `onProgress` receives the child's progress messages. */
  async run<T>(
    payload: unknown,
    options: { signal: AbortSignal; onProgress?: (data: unknown) => void },
  ): Promise<T> {
    options.signal.throwIfAborted();
    const child = await this.#acquire(options.signal);
    const id = this.#nextId++;
    try {
      return await this.#exchange<T>(child, id, payload, options);
    } finally {
      child.busy = false;
      child.tasks += 1;
      if (child.tasks >= this.#options.recycleAfter || !this.#alive(child)) this.#retire(child);
      this.#handOver();
    }
  }

  /** Kills every child; tasks in flight fail. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error('pool closed'));
    await Promise.all([...this.#children].map((child) => this.#kill(child)));
  }

  /** Children running now, and the highest resident memory any child reached. */
  stats(): { children: number; busy: number; peakRssBytes: number } {
    const children = [...this.#children];
    return {
      children: children.length,
      busy: children.filter((c) => c.busy).length,
      peakRssBytes: this.#peakRss,
    };
  }

  #exchange<T>(
    child: Child,
    id: number,
    payload: unknown,
    options: { signal: AbortSignal; onProgress?: (data: unknown) => void },
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cleanup = () => {
        clearInterval(watch);
        child.process.off('message', onMessage);
        child.process.off('exit', onExit);
        options.signal.removeEventListener('abort', onAbort);
      };
      const fail = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onMessage = (message: ChildMessage) => {
        if (message.id !== id) return;
        if (message.type === 'progress') options.onProgress?.(message.data);
        else if (message.type === 'done') {
          cleanup();
          resolve(message.result as T);
        } else fail(new TaskFailed(message.error));
      };
      const onExit = (code: number | null, signal: string | null) =>
        fail(new ChildFailure('crashed', `child exited (${signal ?? String(code)})`));
      const onAbort = () => {
        void this.#kill(child);
        fail(asError(options.signal.reason));
      };
      const watch = setInterval(() => {
        void this.#rss(child).then((rss) => {
          if (rss <= this.#options.memoryLimitBytes) return;
          void this.#kill(child);
          fail(new ChildFailure('memory', 'child exceeded its memory limit'));
        });
      }, WATCH_INTERVAL_MS);
      child.process.on('message', onMessage);
      child.process.once('exit', onExit);
      options.signal.addEventListener('abort', onAbort, { once: true });
      child.process.send({ type: 'task', id, payload }, (error) => {
        if (error) fail(new ChildFailure('crashed', 'could not reach the child'));
      });
    });
  }

  async #acquire(signal: AbortSignal): Promise<Child> {
    if (this.#closed) throw new Error('pool closed');
    const idle = [...this.#children].find((child) => !child.busy && this.#alive(child));
    if (idle !== undefined) {
      idle.busy = true;
      return idle;
    }
    if (this.#children.size < this.#options.size) {
      const child = this.#spawn();
      child.busy = true;
      return child;
    }
    return new Promise<Child>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (child) => {
          signal.removeEventListener('abort', onAbort);
          resolve(child);
        },
        reject,
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(asError(signal.reason));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  /** Gives a free (or new) child to the next waiting task. */
  #handOver(): void {
    const waiter = this.#waiting.shift();
    if (waiter === undefined) return;
    const idle = [...this.#children].find((child) => !child.busy && this.#alive(child));
    const child = idle ?? (this.#children.size < this.#options.size ? this.#spawn() : undefined);
    if (child === undefined) {
      this.#waiting.unshift(waiter);
      return;
    }
    child.busy = true;
    waiter.resolve(child);
  }

  #spawn(): Child {
    const process = fork(this.#options.entry, [], {
      execArgv: [...this.#options.execArgv],
      // Nothing of the service's environment (keys, secrets) reaches a parser.
      env: { NODE_ENV: 'production' },
      // Parsers' messages can quote document content: never shown, never logged.
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'advanced',
    });
    const child: Child = { process, tasks: 0, busy: false, peakRss: 0 };
    this.#children.add(child);
    process.once('exit', (code, signal) => {
      this.#children.delete(child);
      if (code !== 0 && signal !== 'SIGKILL')
        this.#options.logger.warn({ code, signal, tasks: child.tasks }, 'extraction child exited');
      this.#handOver();
    });
    process.on('error', () => undefined); // surfaced through 'exit'
    return child;
  }

  #retire(child: Child): void {
    void this.#kill(child);
  }

  async #kill(child: Child): Promise<void> {
    this.#children.delete(child);
    if (!this.#alive(child)) return;
    const exited = new Promise((resolve) => child.process.once('exit', resolve));
    child.process.kill('SIGKILL');
    await exited;
  }

  #alive(child: Child): boolean {
    return child.process.exitCode === null && child.process.signalCode === null;
  }

  /** Resident set size from /proc (Linux); elsewhere 0, leaving the V8 heap cap as the limit. */
  async #rss(child: Child): Promise<number> {
    const pid = child.process.pid;
    if (pid === undefined) return 0;
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    const rss = match?.[1] === undefined ? 0 : Number(match[1]) * 1024;
    child.peakRss = Math.max(child.peakRss, rss);
    this.#peakRss = Math.max(this.#peakRss, rss);
    return rss;
  }
}

/** Abort reasons are Errors in practice (AbortError, TimeoutError, JobAbort); keep them. */
function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error('aborted');
}
