import closeWithGrace from 'close-with-grace';
import { buildApp, type Role } from '../app.js';
import type { Config } from '../config/config.js';
import { loadConfig } from '../config/load-config.js';
import { signToken } from '../http/auth.js';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * `serenya serve` (API and in-process workers), `serenya api` (HTTP only) and `serenya worker`
 * (processing, with health and metrics): stops gracefully on SIGINT/SIGTERM.
 */
export async function serveCommand(env: Environment, role: Role): Promise<number> {
  const config = loadConfig(env, { role });
  const app = await buildApp(config, {}, role);
  const address = await app.start();
  app.logger.info(
    { address, role, store: config.store.kind, queue: config.queue.kind },
    'serenya listening',
  );
  if (
    role !== 'worker' &&
    config.auth.kind === 'hs256' &&
    (config.auth.ephemeral || config.keys.ephemeral)
  )
    process.stderr.write(await developmentBanner(config, address));

  await new Promise<void>((resolve) => {
    closeWithGrace(
      { delay: (config.jobs.shutdownGraceSeconds + 10) * 1000 },
      async ({ signal, err }) => {
        if (err !== undefined) app.logger.error({ err }, 'shutting down after an error');
        else app.logger.info({ signal }, 'shutting down');
        await app.stop();
        resolve();
      },
    );
  });
  return 0;
}

async function developmentBanner(config: Config, address: string): Promise<string> {
  const lines = [
    '',
    '  ──────────────────────────────────────────────────────────────────────',
    '  Serenya is running in DEVELOPMENT MODE',
  ];
  if (config.keys.ephemeral)
    lines.push('  - random master key for this process: nothing stored survives a restart');
  if (config.auth.kind === 'hs256' && config.auth.ephemeral) {
    const token = await signToken(config.auth.secret, {
      sub: 'dev-user',
      ttlSeconds: 3600,
      ...(config.auth.issuer === undefined ? {} : { issuer: config.auth.issuer }),
      ...(config.auth.audience === undefined ? {} : { audience: config.auth.audience }),
    });
    lines.push(
      '  - random token secret for this process; a token for user "dev-user", valid 1 hour:',
      '',
      `  export TOKEN=${token}`,
      '',
      '  Try it:',
      `  curl -sS -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/pdf" \\`,
      `       -H "Prefer: wait=30" --data-binary @report.pdf ${address}/v1/documents`,
      `  API docs: ${address}/docs`,
    );
  }
  lines.push(
    '  Set SERENYA_JWT_SECRET and SERENYA_MASTER_KEY (or NODE_ENV=production) for real use.',
    '  ──────────────────────────────────────────────────────────────────────',
    '',
  );
  return lines.join('\n') + '\n';
}
