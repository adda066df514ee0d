import { createStore } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { JobDeleter } from '../jobs/job-deleter.js';
import { MemoryIdempotency } from '../jobs/memory.idempotency.js';
import { MemoryJobRecords } from '../jobs/memory.job-records.js';
import { MemoryQueue } from '../jobs/memory.queue.js';
import { createAuditLog } from '../observability/audit.js';
import { createLogger } from '../observability/logger.js';
import { Metrics } from '../observability/metrics.js';
import { Sweeper } from '../storage/sweeper.js';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * `serenya sweep`: one pass over the temporary store, deleting everything older than the TTL.
 * It cannot see a running server's in-memory records, so age alone decides (cron-safe).
 */
export async function sweepCommand(env: Environment): Promise<number> {
  const config = loadConfig(env, { requireSecrets: false });
  const logger = createLogger(config.logLevel);
  const metrics = new Metrics({ defaultMetrics: false });
  const audit = createAuditLog(logger);
  const records = new MemoryJobRecords();
  const queue = new MemoryQueue({ concurrency: 1, logger });
  const store = createStore(config);
  const deleter = new JobDeleter({
    records,
    store,
    queue,
    idempotency: new MemoryIdempotency(),
    audit,
    metrics,
    now: Date.now,
  });
  const sweeper = new Sweeper({
    records,
    store,
    deleter,
    ttlSeconds: config.jobs.ttlSeconds,
    exclusive: false,
    audit,
    metrics,
    logger,
    now: Date.now,
  });
  const { objects } = await sweeper.sweep({ everything: false, orphans: false });
  process.stdout.write(`swept ${objects} expired object(s) from ${config.store.kind} store\n`);
  return 0;
}
