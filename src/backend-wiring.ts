import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { Redis } from 'ioredis';
import type { Config } from './config/config.js';
import type { IdempotencyStore } from './jobs/idempotency.port.js';
import type { JobRecordStore } from './jobs/job-records.port.js';
import { MemoryIdempotency } from './jobs/memory.idempotency.js';
import { MemoryJobRecords } from './jobs/memory.job-records.js';
import { MemoryQueue } from './jobs/memory.queue.js';
import type { JobQueue } from './jobs/queue.port.js';
import { BullMqQueue } from './jobs/redis/bullmq.queue.js';
import { RedisIdempotency } from './jobs/redis/redis.idempotency.js';
import { RedisJobRecords } from './jobs/redis/redis.job-records.js';
import { failFastOnOutage } from './jobs/redis/redis-outage.js';
import { NoopNotifier } from './notify/noop.notifier.js';
import type { JobNotifier } from './notify/notifier.port.js';
import { WebhookNotifier } from './notify/webhook.notifier.js';
import type { Logger } from './observability/logger.js';
import type { Metrics } from './observability/metrics.js';
import type { KeyWrapper } from './storage/crypto/key-wrapper.port.js';
import { KmsKeyWrapper } from './storage/crypto/kms.wrapper.js';
import { MasterKeyWrapper } from './storage/crypto/master-key.wrapper.js';
import { FsStore } from './storage/fs.store.js';
import { S3Store } from './storage/s3.store.js';
import type { TempStore } from './storage/store.port.js';

export interface JobBackend {
  readonly records: JobRecordStore;
  readonly idempotency: IdempotencyStore;
  readonly queue: JobQueue;
  /** True when no other process shares the records and store (the embedded mode). */
  readonly exclusive: boolean;
  /** The Redis connection for shared rate limits, when there is one. */
  readonly redis?: Redis;
  /** Resolves once the backend's connections are ready (change notifications subscribed). */
  ready(): Promise<void>;
  /** Closes the backend's own connections (after the queue has closed). */
  close(): Promise<void>;
}

/** The temporary store: a local directory, or an S3 bucket. */
export function createStore(config: Config): TempStore {
  switch (config.store.kind) {
    case 'fs':
      return new FsStore(config.store.tmpDir);
    case 's3':
      return new S3Store({
        client: new S3Client({
          region: config.providers.aws.region ?? '',
          // S3-compatible servers at a custom endpoint rarely resolve bucket subdomains.
          forcePathStyle: config.store.endpoint !== undefined,
          ...(config.store.endpoint === undefined ? {} : { endpoint: config.store.endpoint }),
          ...(config.providers.aws.credentials === undefined
            ? {}
            : { credentials: config.providers.aws.credentials }),
        }),
        bucket: config.store.bucket,
        prefix: config.store.prefix,
        sse:
          config.keys.kmsKeyId === undefined
            ? { kind: 'AES256' }
            : { kind: 'aws:kms', keyId: config.keys.kmsKeyId },
      });
  }
}

/** Completion notices: a signed webhook, or nobody when no URL is configured. */
export function createNotifier(config: Config, logger: Logger, metrics: Metrics): JobNotifier {
  if (config.webhook === undefined) return new NoopNotifier();
  return new WebhookNotifier({ config: config.webhook, logger, metrics });
}

/** Data keys wrapped by the master key, or by AWS KMS. */
export function createKeyWrapper(config: Config): KeyWrapper {
  const { kmsKeyId } = config.keys;
  if (kmsKeyId === undefined) return new MasterKeyWrapper(config.keys.masterKey);
  const { aws } = config.providers;
  return new KmsKeyWrapper({
    client: new KMSClient({
      region: aws.region ?? '',
      ...(aws.endpoints.kms === undefined ? {} : { endpoint: aws.endpoints.kms }),
      ...(aws.credentials === undefined ? {} : { credentials: aws.credentials }),
    }),
    keyId: kmsKeyId,
  });
}

/** Queue, job records and idempotency keys: in this process, or shared on Redis. */
export function createJobBackend(config: Config, logger: Logger, now: () => number): JobBackend {
  switch (config.queue.kind) {
    case 'memory':
      // In-process records die with the process, so this process owns the store exclusively.
      return {
        records: new MemoryJobRecords(now),
        idempotency: new MemoryIdempotency(now),
        queue: new MemoryQueue({ concurrency: config.jobs.concurrency, logger }),
        exclusive: true,
        ready: () => Promise.resolve(),
        close: () => Promise.resolve(),
      };
    case 'redis': {
      const { url, prefix } = config.queue;
      // Commands fail at once while Redis is away (no offline queue): the API answers 503
      // rather than holding uploads it may not be able to record.
      const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
      const records = new RedisJobRecords({ redis, now, prefix, logger });
      return {
        records: failFastOnOutage(records),
        idempotency: failFastOnOutage(new RedisIdempotency({ redis, now, prefix })),
        queue: failFastOnOutage(
          new BullMqQueue({
            connection: { url },
            prefix: `${prefix}:bull`,
            concurrency: config.jobs.concurrency,
            logger,
            stalledIntervalMs: config.jobs.stalledIntervalSeconds * 1000,
            lockDurationMs: config.jobs.stalledIntervalSeconds * 1000,
            maxStalledCount: config.jobs.maxRetries + 1,
          }),
        ),
        exclusive: false,
        redis,
        ready: () => records.ready(),
        async close() {
          await records.close();
          redis.disconnect();
        },
      };
    }
  }
}
