import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

interface Ticks {
  readonly busy: number;
  readonly total: number;
}

/** The machine's CPU time so far, from /proc/stat (Linux); undefined elsewhere. */
function ticks(): Ticks | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...fields] = line.trim().split(/\s+/);
    const values = fields.map(Number);
    const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/**
 * Runs `work` and says how busy the whole machine was meanwhile, in cores (2 = both cores of a
 * 2-core machine fully used). Every process counts: API, workers, S3, Redis and the load.
 */
export async function measureLoad<T>(work: () => Promise<T>): Promise<{ value: T; cores: number }> {
  const before = ticks();
  const value = await work();
  const after = ticks();
  if (before === undefined || after === undefined) return { value, cores: Number.NaN };
  const share = (after.busy - before.busy) / Math.max(1, after.total - before.total);
  return { value, cores: share * availableParallelism() };
}
