import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import Value from 'typebox/value';
import type { AuthConfig, Config, ProvidersConfig } from './config.js';
import { EnvSchema, type Env } from './env.schema.js';
import { webhookConfig } from './webhook-config.js';

/** Raised with every configuration problem at once, so an operator fixes them in one pass. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

const DEFAULT_JWKS_ALGORITHMS = ['RS256', 'ES256'];
const ALLOWED_JWKS_ALGORITHMS = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'ES256',
  'ES384',
  'EdDSA',
]);

export interface LoadOptions {
  /**
   * False for local tools (`analyze`, `sweep`) that neither serve requests nor keep data: they
   * may run without secrets even in production.
   */
  readonly requireSecrets?: boolean;
  /** The process role: `api` and `worker` share work through Redis, so they need it. */
  readonly role?: 'all' | 'api' | 'worker';
}

/** Reads and validates the environment; throws ConfigError listing every problem. */
export function loadConfig(environment: Environment, options: LoadOptions = {}): Config {
  const { env, problems } = parseEnv(environment);
  const production = env.NODE_ENV === 'production';
  const requireSecrets = production && (options.requireSecrets ?? true);

  const store = storeConfig(env, problems);
  const queue = queueConfig(env, problems);
  if (options.role !== undefined && options.role !== 'all' && env.SERENYA_QUEUE !== 'redis')
    problems.push(
      `SERENYA_QUEUE: must be redis for \`serenya ${options.role}\` (api and worker processes share jobs through Redis)`,
    );

  const auth = authConfig(env, production, requireSecrets, problems);
  const keys = masterKey(env, requireSecrets, problems);
  const providers = providersConfig(env, problems);
  const webhook = webhookConfig(env, production, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  if (auth === undefined || keys === undefined) throw new ConfigError(['unreachable']);

  // Per system user by default, so two users on one host never share (or sweep) a directory.
  const tmpDir =
    env.SERENYA_TMP_DIR ?? join(tmpdir(), `serenya-${String(process.getuid?.() ?? 'user')}`);
  return {
    development: !production,
    http: {
      host: env.SERENYA_HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
      port: env.PORT,
      trustProxy: env.SERENYA_TRUST_PROXY,
      maxWaitSeconds: env.SERENYA_MAX_WAIT_SECONDS,
      rateLimitPerMinute: env.SERENYA_RATE_LIMIT_PER_MINUTE,
      rateLimitPerIpPerMinute: env.SERENYA_RATE_LIMIT_PER_IP_PER_MINUTE,
      maxEventLoopDelayMs: env.SERENYA_MAX_EVENT_LOOP_DELAY_MS,
    },
    logLevel: env.SERENYA_LOG_LEVEL,
    auth,
    keys,
    store: store ?? { kind: 'fs', tmpDir: isAbsolute(tmpDir) ? tmpDir : resolve(tmpDir) },
    queue,
    jobs: {
      ttlSeconds: env.SERENYA_TTL_SECONDS,
      maxRetries: env.SERENYA_MAX_RETRIES,
      retryBaseDelayMs: env.SERENYA_RETRY_BASE_DELAY_MS,
      processingTimeoutSeconds: env.SERENYA_PROCESSING_TIMEOUT_SECONDS,
      concurrency: env.SERENYA_WORKER_CONCURRENCY,
      maxQueued: env.SERENYA_MAX_QUEUED_JOBS,
      maxActivePerUser: env.SERENYA_MAX_ACTIVE_JOBS_PER_USER,
      sweepIntervalSeconds: env.SERENYA_SWEEP_INTERVAL_SECONDS,
      shutdownGraceSeconds: env.SERENYA_SHUTDOWN_GRACE_SECONDS,
      stalledIntervalSeconds: env.SERENYA_STALLED_INTERVAL_SECONDS,
    },
    limits: {
      maxUploadBytes: env.SERENYA_MAX_UPLOAD_BYTES,
      maxPages: env.SERENYA_MAX_PAGES,
      maxImagePixels: env.SERENYA_MAX_IMAGE_PIXELS,
    },
    extraction: {
      processes: env.SERENYA_EXTRACT_PROCESSES,
      memoryMb: env.SERENYA_EXTRACT_MEMORY_MB,
      recycleAfter: env.SERENYA_EXTRACT_RECYCLE_AFTER,
    },
    interpreter: env.SERENYA_INTERPRETER as Config['interpreter'], // validated by the schema's enum
    extractor: env.SERENYA_EXTRACTOR as Config['extractor'],
    providers,
    webhook,
  };
}

function storeConfig(env: Env, problems: string[]): Config['store'] | undefined {
  if (env.SERENYA_STORE !== 's3') return undefined;
  if (env.SERENYA_S3_BUCKET === undefined)
    problems.push('SERENYA_S3_BUCKET: required with SERENYA_STORE=s3');
  if ((env.AWS_REGION ?? env.AWS_DEFAULT_REGION) === undefined)
    problems.push('AWS_REGION: required with SERENYA_STORE=s3');
  // Records in this process's memory cannot be shared: replicas would sweep each other's objects.
  if (env.SERENYA_QUEUE !== 'redis')
    problems.push('SERENYA_QUEUE: must be redis with SERENYA_STORE=s3 (job records are shared)');
  return {
    kind: 's3',
    bucket: env.SERENYA_S3_BUCKET ?? '',
    prefix: env.SERENYA_S3_PREFIX ?? 'serenya/',
    endpoint: env.SERENYA_S3_ENDPOINT ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL,
  };
}

function queueConfig(env: Env, problems: string[]): Config['queue'] {
  if (env.SERENYA_QUEUE !== 'redis') return { kind: 'memory' };
  if (env.SERENYA_REDIS_URL === undefined) {
    problems.push('SERENYA_REDIS_URL: required with SERENYA_QUEUE=redis');
    return { kind: 'memory' };
  }
  if (!/^rediss?:\/\//.test(env.SERENYA_REDIS_URL))
    problems.push('SERENYA_REDIS_URL: must start with redis:// or rediss://');
  return {
    kind: 'redis',
    url: env.SERENYA_REDIS_URL,
    prefix: env.SERENYA_REDIS_PREFIX ?? 'serenya',
  };
}

const DEFAULT_CLAUDE_MODEL = 'claude-sonnet-5-5';

function providersConfig(env: Env, problems: string[]): ProvidersConfig {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const onAws = env.SERENYA_INTERPRETER === 'comprehend' || env.SERENYA_EXTRACTOR === 'textract';
  if (env.SERENYA_KMS_KEY_ID !== undefined && region === undefined)
    problems.push('AWS_REGION: required with SERENYA_KMS_KEY_ID');
  if (env.SERENYA_INTERPRETER === 'claude' && env.ANTHROPIC_API_KEY === undefined)
    problems.push('ANTHROPIC_API_KEY: required with SERENYA_INTERPRETER=claude');
  if (onAws && region === undefined)
    problems.push(
      'AWS_REGION: required with SERENYA_INTERPRETER=comprehend or SERENYA_EXTRACTOR=textract',
    );
  if ((env.AWS_ACCESS_KEY_ID === undefined) !== (env.AWS_SECRET_ACCESS_KEY === undefined))
    problems.push('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: set both or neither');
  const credentials =
    env.AWS_ACCESS_KEY_ID !== undefined && env.AWS_SECRET_ACCESS_KEY !== undefined
      ? {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          ...(env.AWS_SESSION_TOKEN === undefined ? {} : { sessionToken: env.AWS_SESSION_TOKEN }),
        }
      : undefined;
  return {
    required: env.SERENYA_PROVIDER_REQUIRED,
    minimisePhi: env.SERENYA_PHI_MINIMISATION,
    resilience: {
      timeoutMs: env.SERENYA_PROVIDER_TIMEOUT_MS,
      retries: env.SERENYA_PROVIDER_RETRIES,
      baseDelayMs: env.SERENYA_PROVIDER_RETRY_DELAY_MS,
      maxDelayMs: env.SERENYA_PROVIDER_MAX_DELAY_MS,
      breakerThreshold: env.SERENYA_PROVIDER_BREAKER_THRESHOLD,
      breakerCooldownMs: env.SERENYA_PROVIDER_BREAKER_COOLDOWN_SECONDS * 1000,
    },
    claude: {
      apiKey: env.ANTHROPIC_API_KEY,
      baseUrl: env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com',
      model: env.SERENYA_CLAUDE_MODEL ?? DEFAULT_CLAUDE_MODEL,
    },
    aws: {
      region,
      credentials,
      endpoints: {
        textract: env.AWS_ENDPOINT_URL_TEXTRACT ?? env.AWS_ENDPOINT_URL,
        comprehendmedical: env.AWS_ENDPOINT_URL_COMPREHENDMEDICAL ?? env.AWS_ENDPOINT_URL,
        s3: env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL,
        kms: env.AWS_ENDPOINT_URL_KMS ?? env.AWS_ENDPOINT_URL,
      },
      textractBucket: env.SERENYA_TEXTRACT_BUCKET,
    },
  };
}

function parseEnv(environment: Environment): { env: Env; problems: string[] } {
  const known = Object.keys(EnvSchema.properties);
  const picked: Record<string, string> = {};
  for (const name of known) {
    const value = environment[name];
    // Empty strings count as unset, as in most shells' `VAR= command`.
    if (value !== undefined && value.trim() !== '') picked[name] = value.trim();
  }
  const candidate = Value.Default(EnvSchema, Value.Convert(EnvSchema, picked));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(EnvSchema, candidate)) {
    const name = error.instancePath.replace(/^\//, '');
    if (seen.has(name)) continue;
    seen.add(name);
    problems.push(`${name}: ${describe(name)}`);
  }
  return { env: candidate as Env, problems };
}

/** A problem statement that never echoes the offending value (it may be a secret). */
function describe(name: string): string {
  const schema = (EnvSchema.properties as unknown as Record<string, Record<string, unknown>>)[name];
  if (schema === undefined) return 'is invalid';
  const values = schema.enum as string[] | undefined;
  if (values !== undefined) return `must be one of ${values.join(', ')}`;
  if (schema.type === 'integer')
    return `must be an integer from ${String(schema.minimum)} to ${String(schema.maximum)}`;
  if (schema.type === 'boolean') return 'must be true or false';
  if (schema.format === 'uri') return 'must be an absolute URL';
  return 'is invalid';
}

function authConfig(
  env: Env,
  production: boolean,
  requireSecrets: boolean,
  problems: string[],
): AuthConfig | undefined {
  const common = {
    maxTokenAgeSeconds: env.SERENYA_JWT_MAX_AGE_SECONDS,
    ...(env.SERENYA_JWT_ISSUER === undefined ? {} : { issuer: env.SERENYA_JWT_ISSUER }),
    ...(env.SERENYA_JWT_AUDIENCE === undefined ? {} : { audience: env.SERENYA_JWT_AUDIENCE }),
  };
  if (env.SERENYA_JWT_SECRET !== undefined && env.SERENYA_JWKS_URL !== undefined) {
    problems.push('SERENYA_JWT_SECRET and SERENYA_JWKS_URL: set one of them, not both.');
    return undefined;
  }
  if (env.SERENYA_JWKS_URL !== undefined) {
    const algorithms = (env.SERENYA_JWT_ALGORITHMS ?? DEFAULT_JWKS_ALGORITHMS.join(','))
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== '');
    const bad = algorithms.filter((a) => !ALLOWED_JWKS_ALGORITHMS.has(a));
    if (bad.length > 0 || algorithms.length === 0)
      problems.push(
        `SERENYA_JWT_ALGORITHMS: must be asymmetric algorithms among ${[...ALLOWED_JWKS_ALGORITHMS].join(', ')}`,
      );
    let url: URL | undefined;
    try {
      url = new URL(env.SERENYA_JWKS_URL);
    } catch {
      return undefined; // already reported by the schema's uri format
    }
    if (production && url.protocol !== 'https:')
      problems.push('SERENYA_JWKS_URL: must use https in production');
    // A key set is often shared by many tenants (Firebase, Auth0, Cognito): without issuer and
    // audience, a token minted for someone else's project would be accepted.
    if (env.SERENYA_JWT_ISSUER === undefined)
      problems.push('SERENYA_JWT_ISSUER: required with SERENYA_JWKS_URL');
    if (env.SERENYA_JWT_AUDIENCE === undefined)
      problems.push('SERENYA_JWT_AUDIENCE: required with SERENYA_JWKS_URL');
    return { kind: 'jwks', jwksUrl: url, algorithms, ...common };
  }
  if (env.SERENYA_JWT_SECRET !== undefined) {
    const secret = Buffer.from(env.SERENYA_JWT_SECRET, 'utf8');
    if (secret.length < 32) problems.push('SERENYA_JWT_SECRET: must be at least 32 bytes long');
    return { kind: 'hs256', secret, ephemeral: false, ...common };
  }
  if (requireSecrets) {
    problems.push('SERENYA_JWT_SECRET or SERENYA_JWKS_URL: required when NODE_ENV=production');
    return undefined;
  }
  return { kind: 'hs256', secret: randomBytes(32), ephemeral: true, ...common };
}

function masterKey(
  env: Env,
  requireSecrets: boolean,
  problems: string[],
): Config['keys'] | undefined {
  if (env.SERENYA_MASTER_KEY !== undefined) {
    const key = Buffer.from(env.SERENYA_MASTER_KEY, 'base64');
    if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(env.SERENYA_MASTER_KEY)) {
      problems.push(
        'SERENYA_MASTER_KEY: must be base64 of exactly 32 bytes (openssl rand -base64 32)',
      );
      return undefined;
    }
    return { masterKey: key, ephemeral: false, kmsKeyId: env.SERENYA_KMS_KEY_ID };
  }
  if (requireSecrets) {
    problems.push('SERENYA_MASTER_KEY: required when NODE_ENV=production');
    return undefined;
  }
  return { masterKey: randomBytes(32), ephemeral: true, kmsKeyId: env.SERENYA_KMS_KEY_ID };
}
