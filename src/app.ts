import type { FastifyInstance } from 'fastify';
import type { Config } from './config/config.js';

export { createPipeline } from './pipeline-wiring.js';
import { createAuthenticator } from './http/auth.js';
import { buildServer } from './http/server.js';
import type { IdempotencyStore } from './jobs/idempotency.port.js';
import { JobDeleter } from './jobs/job-deleter.js';
import type { JobRecordStore } from './jobs/job-records.port.js';
import { createJobHandler } from './jobs/job-runner.js';
import { JobService } from './jobs/job.service.js';
import { MemoryIdempotency } from './jobs/memory.idempotency.js';
import { MemoryJobRecords } from './jobs/memory.job-records.js';
import { MemoryQueue } from './jobs/memory.queue.js';
import type { JobQueue } from './jobs/queue.port.js';
import { createAuditLog } from './observability/audit.js';
import { createLogger, type Logger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import type { Extractor } from './pipeline/extract/extractor.port.js';
import type { Interpreter } from './pipeline/interpret/interpreter.port.js';
import { processableTypes, type PipelineDeps } from './pipeline/process-document.js';
import { createPipeline } from './pipeline-wiring.js';
import type { KeyWrapper } from './storage/crypto/key-wrapper.port.js';
import { MasterKeyWrapper } from './storage/crypto/master-key.wrapper.js';
import { createOwnerHasher, type OwnerHasher } from './storage/crypto/owner-hash.js';
import { lockStoreDirectory } from './storage/fs-lock.js';
import { FsStore } from './storage/fs.store.js';
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

/** The composition root: every adapter is chosen and wired here, once. */
export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const now = overrides.now ?? Date.now;
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const metrics = new Metrics();
  const audit = createAuditLog(logger);
  const keys: KeyWrapper = new MasterKeyWrapper(config.keys.masterKey);
  const hashOwner = createOwnerHasher(config.keys.masterKey);
  const store = createStore(config);
  const sealed = new SealedStore(store, keys);
  const { records, idempotency, queue, exclusive } = createJobBackend(config, logger, now);
  const pipeline = createPipeline(config, logger, overrides, metrics);
  const deleter = new JobDeleter({ records, store, queue, idempotency, audit, metrics, now });
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
    config,
    logger,
    metrics,
    audit,
    jobs,
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
      await store.ping();
      if (exclusive) releaseLock = await lockStoreDirectory(config.store.tmpDir);
      await sweeper.sweep({ everything: true });
      queue.start(handler);
      sweeper.start(config.jobs.sweepIntervalSeconds);
      return server.listen({ host: config.http.host, port: config.http.port });
    },
    async stop() {
      shutdown.abort();
      await server.close();
      await queue.close(config.jobs.shutdownGraceSeconds * 1000);
      await sweeper.stop();
      // In the embedded mode the records (and the keys in them) die with this process: nothing
      // stored can ever be read again, so delete it now rather than at the next start.
      await Promise.all(
        pipeline.extractors.map((extractor) => extractor.close?.() ?? Promise.resolve()),
      );
      if (exclusive) await sweeper.sweep({ everything: true });
      await releaseLock?.();
    },
  };
}

// The S3 store and BullMQ queue arrive with their issues; each factory
// becomes an exhaustive switch on its config kind then.
export function createStore(config: Config): TempStore {
  return new FsStore(config.store.tmpDir);
}

function createJobBackend(config: Config, logger: Logger, now: () => number): JobBackend {
  // In-process records die with the process, so this process owns the store exclusively.
  return {
    records: new MemoryJobRecords(now),
    idempotency: new MemoryIdempotency(now),
    queue: new MemoryQueue({ concurrency: config.jobs.concurrency, logger }),
    exclusive: true,
  };
}

interface JobBackend {
  readonly records: JobRecordStore;
  readonly idempotency: IdempotencyStore;
  readonly queue: JobQueue;
  /** True when no other process shares the records and store (the embedded mode). */
  readonly exclusive: boolean;
}
