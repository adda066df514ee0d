import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The PHI detector scored on the PhysioNet de-identification corpus (eval/phi-deid.ts). */
export type DeidOutcome =
  | {
      readonly status: 'measured';
      readonly recall: number;
      readonly precision: number;
      readonly f1: number;
      /** Token-level figures, when the module reports them. */
      readonly token?: { readonly recall: number; readonly precision: number };
    }
  | { readonly status: 'skipped' | 'failed'; readonly reason: string };

interface DeidModule {
  evaluateDeid(fixturesDir: string): Promise<Record<string, unknown>>;
}

const isDeidModule = (m: unknown): m is DeidModule =>
  typeof m === 'object' &&
  m !== null &&
  typeof (m as Partial<DeidModule>).evaluateDeid === 'function';

/**
 * Loads eval/phi-deid.ts when it is there and runs it on `<fixtures>/deid`. The specifier is a variable so the harness still
 * typechecks and runs while that module is being written; its figures are checked at run time.
 */
export async function evaluateDeidIfPresent(fixtures: string): Promise<DeidOutcome> {
  const corpus = join(fixtures, 'deid');
  if (!existsSync(corpus)) return { status: 'skipped', reason: 'the deid fixtures are absent' };
  const file = new URL('./phi-deid.ts', import.meta.url);
  if (!existsSync(file)) return { status: 'skipped', reason: 'eval/phi-deid.ts is not there yet' };
  const specifier = './phi-deid.js';
  const module: unknown = await import(specifier);
  if (!isDeidModule(module))
    return { status: 'skipped', reason: 'eval/phi-deid.ts exports no evaluateDeid' };
  let figures: Record<string, unknown>;
  try {
    figures = await module.evaluateDeid(corpus);
  } catch (error) {
    // The name only: a message could quote the corpus.
    return {
      status: 'failed',
      reason: `evaluateDeid threw ${error instanceof Error ? error.name : 'a non-error'}`,
    };
  }
  const { recall, precision, f1, token } = figures;
  if (typeof recall !== 'number' || typeof precision !== 'number' || typeof f1 !== 'number')
    return { status: 'failed', reason: 'evaluateDeid returned no recall, precision and f1' };
  const t = token as { recall?: unknown; precision?: unknown } | undefined;
  return {
    status: 'measured',
    recall,
    precision,
    f1,
    ...(typeof t?.recall === 'number' && typeof t.precision === 'number'
      ? { token: { recall: t.recall, precision: t.precision } }
      : {}),
  };
}
