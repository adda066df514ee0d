import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** ../shared/fixtures beside the repository (never copied into it). */
export const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures');

/**
 * Whether the shared fixtures are here. Developers without them get a skip with a message;
 * CI sets SERENYA_REQUIRE_SHARED=1, where their absence is a failure.
 */
export function fixturesOrSkip(sub: string): string | undefined {
  const dir = join(FIXTURES, sub);
  if (existsSync(dir)) return dir;
  if (process.env.SERENYA_REQUIRE_SHARED === '1')
    throw new Error(`shared fixtures missing: ${dir}`);
  process.stderr.write(
    `SKIPPED: ${dir} is absent; the shared-fixture suites need ../shared/fixtures\n`,
  );
  return undefined;
}
