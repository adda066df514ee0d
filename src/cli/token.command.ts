import { loadConfig } from '../config/load-config.js';
import { signToken } from '../http/auth.js';

type Environment = Readonly<Record<string, string | undefined>>;

/** `serenya token --sub ID [--ttl SECONDS]`: a token signed with the configured HS256 secret. */
export async function tokenCommand(
  env: Environment,
  sub: string | undefined,
  ttl: string | undefined,
): Promise<number> {
  if (sub === undefined || sub === '') {
    process.stderr.write('serenya token: --sub ID is required\n');
    return 2;
  }
  const ttlSeconds = ttl === undefined ? 3600 : Number(ttl);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 86400) {
    process.stderr.write(
      'serenya token: --ttl must be a whole number of seconds from 1 to 86400\n',
    );
    return 2;
  }
  const config = loadConfig(env, { requireSecrets: false });
  if (config.auth.kind !== 'hs256' || config.auth.ephemeral) {
    process.stderr.write(
      'serenya token: set SERENYA_JWT_SECRET (the secret the service uses). In development mode without it, `serenya serve` prints its own token.\n',
    );
    return 2;
  }
  const token = await signToken(config.auth.secret, {
    sub,
    ttlSeconds,
    ...(config.auth.issuer === undefined ? {} : { issuer: config.auth.issuer }),
    ...(config.auth.audience === undefined ? {} : { audience: config.auth.audience }),
  });
  process.stdout.write(`${token}\n`);
  return 0;
}
