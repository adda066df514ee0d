import Type, { type Static } from 'typebox';

/**
 * The one schema for the environment. Every name, default and limit lives here; the README's
 * configuration table is generated from it (`npm run docs:config`) and checked by a test.
 * `x-secret` marks values that must never be echoed back in an error.
 */
const str = (description: string, extra: Record<string, unknown> = {}) =>
  Type.Optional(Type.String({ minLength: 1, description, ...extra }));
const int = (description: string, defaultValue: number, minimum: number, maximum: number) =>
  Type.Integer({ description, default: defaultValue, minimum, maximum });
const choice = <const T extends readonly string[]>(
  description: string,
  values: T,
  defaultValue: T[number],
) => Type.Enum(values, { description, default: defaultValue });

export const EnvSchema = Type.Object({
  NODE_ENV: choice(
    'Environment; `production` turns missing secrets into start-up errors.',
    ['development', 'test', 'production'],
    'development',
  ),
  PORT: int('HTTP port.', 8080, 0, 65535),
  SERENYA_HOST: str(
    'Interface to listen on (default 127.0.0.1 in development, 0.0.0.0 in production).',
  ),
  SERENYA_LOG_LEVEL: choice(
    'Log level.',
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    'info',
  ),
  SERENYA_JWT_SECRET: str('HS256 secret for bearer tokens, at least 32 bytes.', {
    'x-secret': true,
  }),
  SERENYA_JWKS_URL: str('JWKS URL of the identity provider (RS256/ES256); instead of a secret.', {
    format: 'uri',
  }),
  SERENYA_JWT_ISSUER: str('Required `iss` of tokens, when set.'),
  SERENYA_JWT_AUDIENCE: str('Required `aud` of tokens, when set.'),
  SERENYA_JWT_ALGORITHMS: str('Accepted JWKS algorithms, comma-separated (default RS256,ES256).'),
  SERENYA_JWT_MAX_AGE_SECONDS: int('Oldest accepted token, by its `iat`.', 86400, 60, 2592000),
  SERENYA_MASTER_KEY: str('Base64 of 32 random bytes; wraps the per-object data keys.', {
    'x-secret': true,
  }),
  SERENYA_KMS_KEY_ID: str(
    'AWS KMS key (id, ARN or alias) that wraps data keys; the master key then only keys the owner hash.',
  ),
  AWS_ENDPOINT_URL_KMS: str('Endpoint of KMS, overriding AWS_ENDPOINT_URL.', { format: 'uri' }),
  SERENYA_STORE: choice('Temporary store: a local directory, or an S3 bucket.', ['fs', 's3'], 'fs'),
  SERENYA_TMP_DIR: str(
    'Directory of the fs store, used by one process only (default: <os tmpdir>/serenya-<uid>).',
  ),
  SERENYA_S3_BUCKET: str('Bucket of the s3 store.'),
  SERENYA_S3_PREFIX: str('Key prefix of the s3 store (default serenya/).'),
  SERENYA_S3_ENDPOINT: str('Endpoint of an S3-compatible server (path-style addressing).', {
    format: 'uri',
  }),
  SERENYA_QUEUE: choice(
    'Queue and job records: in this process, or BullMQ on Redis (shared by replicas).',
    ['memory', 'redis'],
    'memory',
  ),
  SERENYA_REDIS_URL: str('Redis URL of the redis queue (redis:// or rediss://).', {
    'x-secret': true,
  }),
  SERENYA_REDIS_PREFIX: str('Prefix of every Redis key (default serenya).'),
  SERENYA_STALLED_INTERVAL_SECONDS: int(
    'Redis queue: how long a job claimed by a worker that died waits before another worker takes it.',
    30,
    1,
    600,
  ),
  SERENYA_TTL_SECONDS: int('Lifetime of every job and artefact.', 3600, 60, 3600),
  SERENYA_MAX_RETRIES: int('Retries of transient failures after the first attempt.', 3, 0, 10),
  SERENYA_RETRY_BASE_DELAY_MS: int(
    'Delay before the first retry; doubles each time.',
    2000,
    10,
    600000,
  ),
  SERENYA_INTERPRETER: choice(
    'Clinical interpreter: the embedded engine alone, or with Claude or Amazon Comprehend Medical.',
    ['local', 'claude', 'comprehend'],
    'local',
  ),
  SERENYA_EXTRACTOR: choice(
    'Reader of scans and photos: the embedded OCR, or Amazon Textract (PDF text layers stay local).',
    ['local', 'textract'],
    'local',
  ),
  ANTHROPIC_API_KEY: str('API key for the claude interpreter.', { 'x-secret': true }),
  ANTHROPIC_BASE_URL: str('Base URL of the Anthropic API (default https://api.anthropic.com).', {
    format: 'uri',
  }),
  SERENYA_CLAUDE_MODEL: str('Claude model of the claude interpreter (default claude-sonnet-5-5).'),
  SERENYA_PHI_MINIMISATION: Type.Boolean({
    description:
      'Replace names, dates, identifiers, addresses and contacts by placeholders before text goes to a provider.',
    default: true,
  }),
  SERENYA_PROVIDER_REQUIRED: Type.Boolean({
    description:
      'Fail the job (provider_unavailable, retried) instead of falling back to the embedded engine.',
    default: false,
  }),
  SERENYA_PROVIDER_TIMEOUT_MS: int('Time limit of one call to a provider.', 30000, 100, 600000),
  SERENYA_PROVIDER_RETRIES: int('Retries of a throttled or failed provider call.', 2, 0, 10),
  SERENYA_PROVIDER_RETRY_DELAY_MS: int(
    'Delay before the first provider retry; doubles each time, or longer when the provider asks.',
    500,
    1,
    60000,
  ),
  SERENYA_PROVIDER_MAX_DELAY_MS: int(
    'Longest wait between provider tries; a longer `retry-after` means falling back instead.',
    10000,
    1,
    120000,
  ),
  SERENYA_PROVIDER_BREAKER_THRESHOLD: int(
    'Consecutive failed calls that open a provider circuit.',
    5,
    1,
    1000,
  ),
  SERENYA_PROVIDER_BREAKER_COOLDOWN_SECONDS: int(
    'Time an open provider circuit refuses calls before trying again.',
    30,
    1,
    3600,
  ),
  AWS_REGION: str('AWS region of Textract and Comprehend Medical.'),
  AWS_DEFAULT_REGION: str('AWS region, when AWS_REGION is not set.'),
  AWS_ACCESS_KEY_ID: str(
    'AWS access key; without it the SDK default chain (role, profile) is used.',
  ),
  AWS_SECRET_ACCESS_KEY: str('AWS secret key, with AWS_ACCESS_KEY_ID.', { 'x-secret': true }),
  AWS_SESSION_TOKEN: str('AWS session token of temporary credentials.', { 'x-secret': true }),
  AWS_ENDPOINT_URL: str('Endpoint for every AWS service (an AWS-compatible server).', {
    format: 'uri',
  }),
  AWS_ENDPOINT_URL_TEXTRACT: str('Endpoint of Textract, overriding AWS_ENDPOINT_URL.', {
    format: 'uri',
  }),
  AWS_ENDPOINT_URL_COMPREHENDMEDICAL: str(
    'Endpoint of Comprehend Medical, overriding AWS_ENDPOINT_URL.',
    { format: 'uri' },
  ),
  AWS_ENDPOINT_URL_S3: str('Endpoint of S3, overriding AWS_ENDPOINT_URL.', { format: 'uri' }),
  SERENYA_TEXTRACT_BUCKET: str(
    'Bucket where multi-page scanned PDFs are staged for asynchronous Textract analysis (deleted after).',
  ),
  SERENYA_MAX_UPLOAD_BYTES: int(
    'Largest accepted upload.',
    20 * 1024 * 1024,
    1024,
    512 * 1024 * 1024,
  ),
  SERENYA_MAX_PAGES: int('Most pages in one document.', 50, 1, 2000),
  SERENYA_MAX_IMAGE_PIXELS: int(
    'Most pixels in one image (checked before decoding).',
    40_000_000,
    1_000_000,
    268_000_000,
  ),
  SERENYA_EXTRACT_PROCESSES: int(
    'Child processes that read documents (pdf.js, sharp, OCR).',
    2,
    1,
    64,
  ),
  SERENYA_EXTRACT_MEMORY_MB: int(
    'Resident memory one extraction child may use before it is killed.',
    1536,
    256,
    65536,
  ),
  SERENYA_EXTRACT_RECYCLE_AFTER: int(
    'Documents one extraction child reads before it is replaced.',
    25,
    1,
    10000,
  ),
  SERENYA_PROCESSING_TIMEOUT_SECONDS: int('Time limit of one processing attempt.', 120, 1, 3600),
  SERENYA_WORKER_CONCURRENCY: int('Jobs processed at once by one process.', 2, 1, 64),
  SERENYA_MAX_QUEUED_JOBS: int('Jobs waiting before uploads are refused with 503.', 200, 1, 100000),
  SERENYA_MAX_ACTIVE_JOBS_PER_USER: int('Unfinished jobs one user may have.', 10, 1, 1000),
  SERENYA_RATE_LIMIT_PER_MINUTE: int('Requests per user per minute.', 120, 1, 100000),
  SERENYA_RATE_LIMIT_PER_IP_PER_MINUTE: int(
    'Requests per client address per minute, before authentication (generous: carriers share addresses).',
    1200,
    1,
    1000000,
  ),
  SERENYA_MAX_WAIT_SECONDS: int('Longest `Prefer: wait=N` honoured.', 60, 0, 300),
  SERENYA_SWEEP_INTERVAL_SECONDS: int('How often expired artefacts are swept.', 60, 1, 3600),
  SERENYA_SHUTDOWN_GRACE_SECONDS: int('Time given to running jobs at shutdown.', 20, 0, 600),
  SERENYA_MAX_EVENT_LOOP_DELAY_MS: int(
    'Event-loop delay above which requests are shed.',
    1000,
    10,
    60000,
  ),
  SERENYA_TRUST_PROXY: Type.Boolean({
    description: 'Trust X-Forwarded-* headers from a reverse proxy.',
    default: false,
  }),
  SERENYA_WEBHOOK_URL: str(
    'URL that gets a signed `job.succeeded` / `job.failed` notice (ids, no content); https in production.',
    { format: 'uri' },
  ),
  SERENYA_WEBHOOK_SECRET: str(
    'HMAC-SHA256 key of the webhook signature, at least 32 bytes; required with the URL.',
    { 'x-secret': true },
  ),
  SERENYA_WEBHOOK_ALLOWED_CIDRS: str(
    'CIDRs (comma-separated) the webhook may reach despite being private; never 169.254.0.0/16.',
  ),
  SERENYA_WEBHOOK_MAX_ATTEMPTS: int('Tries of one webhook notice, the first included.', 5, 1, 20),
  SERENYA_WEBHOOK_RETRY_BASE_DELAY_MS: int(
    'Delay before the first webhook retry; doubles each time, with jitter.',
    1000,
    10,
    60000,
  ),
  SERENYA_WEBHOOK_TIMEOUT_MS: int('Time limit of one webhook request.', 5000, 100, 60000),
});

export type Env = Static<typeof EnvSchema>;
