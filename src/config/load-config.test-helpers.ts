// Shared by the load-config tests: sample secrets and assertions on a ConfigError's problems.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, type LoadOptions } from './load-config.js';

export const JWT_SECRET = 'a'.repeat(32);
export const MASTER_KEY = randomBytes(32).toString('base64');
export const HTTPS_JWKS = 'https://idp.example.com/.well-known/jwks.json';

/** The ConfigError's problems; fails if loadConfig does not throw one. */
export function problemsOf(env: Record<string, string>, options?: LoadOptions): readonly string[] {
  try {
    loadConfig(env, options);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    for (const problem of error.problems) assert.ok(error.message.includes(problem));
    return error.problems;
  }
  assert.fail('loadConfig accepted an invalid configuration');
}

function hasProblem(problems: readonly string[], name: string, pattern?: RegExp): boolean {
  return problems.some((p) => p.includes(name) && (pattern === undefined || pattern.test(p)));
}

export function assertProblem(problems: readonly string[], name: string, pattern?: RegExp): void {
  assert.ok(
    hasProblem(problems, name, pattern),
    `no problem about ${name}${pattern ? ` matching ${String(pattern)}` : ''} in:\n${problems.join('\n')}`,
  );
}
