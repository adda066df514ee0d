import type { FastifyInstance } from 'fastify';
import type { Config } from './config/config.js';

export { createStore } from './backend-wiring.js';
export { createPipeline } from './pipeline-wiring.js';
import {
  createJobBackend,
  createKeyWrapper,
  createNotifier,
  createStore,
} from './backend-wiring.js';
import { createAuthenticator } from './http/auth.js';
import { buildServer } from './http/server.js';
import { JobDeleter } from './jobs/job-deleter.js';
import type { JobRecordStore } from './jobs/job-records.port.js';
import { createJobHandler } from './jobs/job-runner.js';
import { ResumableUploads } from './jobs/resumable-uploads.js';
import { UploadCompletion } from './jobs/upload-completion.js';
import { JobService } from './jobs/job.service.js';
import type { JobQueue } from './jobs/queue.port.js';
import { createAuditLog } from './observability/audit.js';
import { createLogger, type Logger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import type { Extractor } from './pipeline/extract/extractor.port.js';
import type { Interpreter } from './pipeline/interpret/interpreter.port.js';
import { processableTypes, type PipelineDeps } from './pipeline/process-document.js';
import { createPipeline } from './pipeline-wiring.js';
import type { KeyWrapper } from './storage/crypto/key-wrapper.port.js';
import { createOwnerHasher, type OwnerHasher } from './storage/crypto/owner-hash.js';
import { lockStoreDirectory } from './storage/fs-lock.js';
import { S3Store } from './storage/s3.store.js';
import { SealedStore } from './storage/sealed-store.js';
import type { TempStore } from './storage/store.port.js';
import { Sweeper } from './storage/sweeper.js';

/** Replacements for tests: test doubles for parts that cannot fail on demand otherwise. */
export interface AppOverrides {
  readonly logger?: Logger;
  readonly extractors?: readonly Extractor[];
  readonly interpreter?: Interpreter;
  readonly now?: () => number;
}

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly server: FastifyInstance;
  readonly jobs: JobService;
  readonly records: JobRecordStore;
  readonly queue: JobQueue;
  readonly store: TempStore;
  readonly sweeper: Sweeper;
  readonly metrics: Metrics;
  readonly hashOwner: OwnerHasher;
  readonly pipeline: PipelineDeps;
  /** Sweeps leftovers, starts the workers and the sweeper, and listens; resolves with the URL. */
  start(): Promise<string>;
  /** Stops accepting, lets running jobs finish (up to the grace period), deletes what must go. */
  stop(): Promise<void>;
}

/**
 * What one process does: `all` serves the API and processes jobs (the embedded mode and
 * `serenya serve`); `api` serves HTTP only; `worker` processes jobs and sweeps, serving only
 * health, readiness and metrics.
 */
export type Role = 'all' | 'api' | 'worker';

/** The composition root: every adapter is chosen and wired here, once. */
export async function buildApp(
  config: Config,
  overrides: AppOverrides = {},
  role: Role = 'all',
): Promise<App> {
  const now = overrides.now ?? Date.now;
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const metrics = new Metrics();
  const audit = createAuditLog(logger);
  const keys: KeyWrapper = createKeyWrapper(config);
  const hashOwner = createOwnerHasher(config.keys.masterKey);
  const store = createStore(config);
  const sealed = new SealedStore(store, keys);
  const backend = createJobBackend(config, logger, now);
  const { records, idempotency, queue, exclusive } = backend;
  const pipeline = createPipeline(config, logger, overrides, metrics);
  const deleter = new JobDeleter({ records, store, queue, idempotency, audit, metrics, now });
  const notifier = createNotifier(config, logger, metrics);
  const jobs = new JobService({
    records,
    idempotency,
    queue,
    sealed,
    store,
    deleter,
    processable: processableTypes(pipeline),
    limits: {
      ttlSeconds: config.jobs.ttlSeconds,
      maxUploadBytes: config.limits.maxUploadBytes,
      maxQueued: config.jobs.maxQueued,
      maxActivePerUser: config.jobs.maxActivePerUser,
    },
    metrics,
    audit,
    now,
  });
  const completion = new UploadCompletion({
    jobs,
    records,
    sealed,
    store,
    deleter,
    metrics,
    audit,
    logger,
  });
  const uploads = new ResumableUploads({
    jobs,
    completion,
    records,
    sealed,
    store,
    deleter,
    ttlSeconds: config.jobs.ttlSeconds,
    maxUploadBytes: config.limits.maxUploadBytes,
    audit,
    now,
  });
  const sweeper = new Sweeper({
    records,
    store,
    deleter,
    ttlSeconds: config.jobs.ttlSeconds,
    exclusive,
    audit,
    metrics,
    logger,
    now,
  });
  metrics.onScrape(async () => {
    const { waiting, delayed, active } = await queue.counts();
    metrics.queueDepth.set({ state: 'waiting' }, waiting);
    metrics.queueDepth.set({ state: 'delayed' }, delayed);
    metrics.queueDepth.set({ state: 'active' }, active);
  });

  const shutdown = new AbortController();
  let releaseLock: (() => Promise<void>) | undefined;
  const lifecycle = { closing: () => shutdown.signal.aborted, shutdown: shutdown.signal };
  const server = await buildServer({
    api: role !== 'worker',
    ...(backend.redis === undefined ? {} : { rateLimitStore: backend.redis }),
    config,
    logger,
    metrics,
    audit,
    jobs,
    uploads,
    ttlSeconds: config.jobs.ttlSeconds,
    authenticator: createAuthenticator(config.auth, hashOwner),
    maxWaitSeconds: config.http.maxWaitSeconds,
    maxUploadBytes: config.limits.maxUploadBytes,
    lifecycle,
    health: {
      checks: {
        store: () => store.ping(),
        queue: async () => {
          await queue.counts();
        },
      },
      closing: lifecycle.closing,
    },
  });

  const handler = createJobHandler({
    records,
    sealed,
    store,
    deleter,
    pipeline,
    limits: config.limits,
    jobs: config.jobs,
    metrics,
    audit,
    notifier,
    logger,
    now,
  });

  return {
    config,
    logger,
    server,
    jobs,
    records,
    queue,
    store,
    sweeper,
    metrics,
    hashOwner,
    pipeline,
    async start() {
      await backend.ready();
      await store.ping();
      if (store instanceof S3Store && role !== 'api')
        for (const warning of (await store.checkBucket()).warnings)
          logger.warn({ bucket: config.store.kind }, warning);
      if (exclusive && config.store.kind === 'fs')
        releaseLock = await lockStoreDirectory(config.store.tmpDir);
      // Only the embedded mode may sweep everything: shared records outlive any one process.
      if (exclusive) await sweeper.sweep({ everything: true });
      if (role !== 'api') {
        queue.start(handler);
        sweeper.start(config.jobs.sweepIntervalSeconds);
      }
      return server.listen({ host: config.http.host, port: config.http.port });
    },
    async stop() {
      shutdown.abort();
      const graceMs = config.jobs.shutdownGraceSeconds * 1000;
      const graceEnds = Date.now() + graceMs;
      await server.close();
      await queue.close(graceMs);
      // Notices of the jobs that just ended get the rest of the grace period (a few seconds at
      // least, so the last job's notice has a chance), then are abandoned.
      await notifier.close(Math.max(graceEnds - Date.now(), Math.min(graceMs, 5000)));
      await sweeper.stop();
      // In the embedded mode the records (and the keys in them) die with this process: nothing
      // stored can ever be read again, so delete it now rather than at the next start.
      await Promise.all(
        pipeline.extractors.map((extractor) => extractor.close?.() ?? Promise.resolve()),
      );
      if (exclusive) await sweeper.sweep({ everything: true });
      await backend.close();
      await releaseLock?.();
    },
  };
}
