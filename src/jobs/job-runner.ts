import { ServiceError, toServiceError } from '../domain/errors.js';
import {
  canTransition,
  isTerminal,
  percentFor,
  type JobRecord,
  type Stage,
} from '../domain/job.js';
import type { JobNotifier } from '../notify/notifier.port.js';
import type { AuditLog } from '../observability/audit.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { processDocument, type PipelineDeps } from '../pipeline/process-document.js';
import { AeadError } from '../storage/crypto/stream-aead.js';
import { ObjectTooLargeError, type SealedStore } from '../storage/sealed-store.js';
import { ObjectMissingError, type ObjectRef, type TempStore } from '../storage/store.port.js';
import type { JobDeleter } from './job-deleter.js';
import type { JobRecordStore } from './job-records.port.js';
import { JobAbort, type JobHandler, type JobOutcome } from './queue.port.js';
import { retryDelayMs, shouldRetry } from './retry-policy.js';

export interface RunnerDeps {
  readonly records: JobRecordStore;
  readonly sealed: SealedStore;
  readonly store: TempStore;
  readonly deleter: JobDeleter;
  readonly pipeline: PipelineDeps;
  readonly limits: { readonly maxUploadBytes: number };
  readonly jobs: {
    readonly maxRetries: number;
    readonly retryBaseDelayMs: number;
    readonly processingTimeoutSeconds: number;
  };
  readonly metrics: Metrics;
  readonly audit: AuditLog;
  /** Tells the operator's webhook about terminal statuses; never delays or fails the job. */
  readonly notifier: JobNotifier;
  readonly logger: Logger;
  readonly now: () => number;
}

const PROGRESS_INTERVAL_MS = 250;

/**
 * Runs one attempt of a job: decrypt → process → encrypt the result → delete the input.
 * Transient failures come back as a retry request; permanent ones end the job and delete its
 * input. The attempt counter lives in the record, so crashes count against the same budget.
 */
export function createJobHandler(deps: RunnerDeps): JobHandler {
  return async (jobId, { signal }) => {
    const record = await deps.records.get(jobId);
    if (record === undefined || isTerminal(record.status) || record.inputKey === undefined)
      return undefined;
    if (record.expiresAt <= deps.now()) return undefined; // the sweeper removes it
    const attempt = record.attempts + 1;
    if (attempt > deps.jobs.maxRetries + 1) {
      await fail(deps, record, new ServiceError(record.error?.code ?? 'internal'), attempt - 1);
      return undefined;
    }
    const started = await deps.records.update(jobId, (r) =>
      canTransition(r.status, 'processing')
        ? {
            ...r,
            status: 'processing',
            attempts: attempt,
            progress: { stage: 'decrypt', percent: 5 },
          }
        : undefined,
    );
    if (started?.inputKey === undefined) return undefined;
    return attemptJob(deps, started, started.inputKey, attempt, signal);
  };
}

async function attemptJob(
  deps: RunnerDeps,
  record: JobRecord,
  inputKey: string,
  attempt: number,
  signal: AbortSignal,
): Promise<JobOutcome> {
  const timeout = AbortSignal.timeout(deps.jobs.processingTimeoutSeconds * 1000);
  const jobSignal = AbortSignal.any([signal, timeout]);
  const progress = progressReporter(deps.records, record.id);
  const began = performance.now();
  const inputRef: ObjectRef = { owner: record.owner, jobId: record.id, kind: 'input' };
  const resultRef: ObjectRef = { ...inputRef, kind: 'result' };
  let plaintext: Buffer | undefined;
  try {
    const bytes = await deps.sealed.read(inputRef, inputKey, {
      maxBytes: deps.limits.maxUploadBytes,
      signal: jobSignal,
    });
    plaintext = bytes;
    deps.metrics.stageDuration.observe({ stage: 'decrypt' }, (performance.now() - began) / 1000);
    const result = await processDocument(bytes, record.mediaType, deps.pipeline, {
      jobId: record.id,
      signal: jobSignal,
      onProgress: progress.report,
      onStageDone: (stage, seconds) => deps.metrics.stageDuration.observe({ stage }, seconds),
    });
    progress.report('store');
    const storeBegan = performance.now();
    const { wrappedKey } = await deps.sealed.writeBuffer(
      resultRef,
      Buffer.from(JSON.stringify(result)),
      jobSignal,
    );
    await progress.flush();
    const done = await deps.records.update(record.id, (r) => {
      if (r.status !== 'processing' || r.deletedAt !== undefined) return undefined;
      const next: JobRecord = {
        ...r,
        status: 'succeeded',
        resultKey: wrappedKey,
        progress: { stage: 'done', percent: 100 },
      };
      delete next.inputKey;
      delete next.error;
      return next;
    });
    if (done === undefined) {
      // Cancelled, purged or expired while we worked: what we wrote must not outlive it.
      await deps.store.delete(resultRef);
      return undefined;
    }
    await deps.store.delete(inputRef);
    deps.metrics.stageDuration.observe({ stage: 'store' }, (performance.now() - storeBegan) / 1000);
    deps.metrics.outcomes.inc({ outcome: 'succeeded' });
    deps.metrics.jobDuration.observe(
      { outcome: 'succeeded' },
      (deps.now() - record.createdAt) / 1000,
    );
    deps.audit.record({
      type: 'job.processed',
      jobId: record.id,
      attempt,
      durationMs: Math.round(performance.now() - began),
      pages: result.document.pages,
    });
    deps.notifier.notify({ jobId: record.id, status: 'succeeded', occurredAt: deps.now() });
    return undefined;
  } catch (error) {
    await progress.flush();
    if (signal.aborted && signal.reason instanceof JobAbort) return undefined; // cancel or shutdown
    const failure = classify(error, timeout);
    if (failure.code === 'internal')
      deps.logger.error({ err: error, jobId: record.id }, 'job attempt failed');
    if (shouldRetry(failure, attempt, deps.jobs.maxRetries)) {
      const delayMs = retryDelayMs(attempt, deps.jobs.retryBaseDelayMs, failure.retryAfterSeconds);
      const retrying = await deps.records.update(record.id, (r) =>
        r.status === 'processing'
          ? {
              ...r,
              status: 'retrying',
              error: { code: failure.code, retryable: true, detail: failure.detail },
              progress: { stage: 'queued', percent: 0 },
            }
          : undefined,
      );
      if (retrying === undefined) return undefined;
      deps.metrics.retries.inc({ code: failure.code });
      deps.audit.record({
        type: 'job.retrying',
        jobId: record.id,
        attempt,
        code: failure.code,
        delayMs,
      });
      return { retryInMs: delayMs };
    }
    await fail(deps, record, failure, attempt);
    return undefined;
  } finally {
    // Our copy of the decrypted document does not outlive the attempt.
    plaintext?.fill(0);
  }
}

/** Ends the job as failed, then deletes its keys and objects through the one deletion path. */
async function fail(deps: RunnerDeps, record: JobRecord, failure: ServiceError, attempt: number) {
  const failed = await deps.records.update(record.id, (r) =>
    canTransition(r.status, 'failed')
      ? {
          ...r,
          status: 'failed',
          error: { code: failure.code, retryable: false, detail: failure.detail },
        }
      : undefined,
  );
  // Declined: cancelled or purged meanwhile, and whoever did that deleted everything.
  if (failed === undefined) return;
  await deps.deleter.delete(failed, 'failed', { keepTombstone: true, stop: false });
  deps.metrics.outcomes.inc({ outcome: `failed:${failure.code}` });
  deps.metrics.jobDuration.observe({ outcome: 'failed' }, (deps.now() - record.createdAt) / 1000);
  deps.audit.record({ type: 'job.failed', jobId: record.id, attempt, code: failure.code });
  deps.notifier.notify({
    jobId: record.id,
    status: 'failed',
    code: failure.code,
    occurredAt: deps.now(),
  });
}

function classify(error: unknown, timeout: AbortSignal): ServiceError {
  if (timeout.aborted) return new ServiceError('processing_timeout', { cause: error });
  // The stored input cannot be read back: no retry will fix that; the user must upload again.
  if (
    error instanceof AeadError ||
    error instanceof ObjectMissingError ||
    error instanceof ObjectTooLargeError
  )
    return new ServiceError('internal', { cause: error, retryable: false });
  return toServiceError(error);
}

/** Progress updates, throttled, applied in order, and only while the job is processing. */
function progressReporter(records: JobRecordStore, jobId: string) {
  let chain: Promise<unknown> = Promise.resolve();
  let lastStage: Stage | undefined;
  let lastAt = 0;
  return {
    report: (stage: Stage, page?: number, pages?: number): void => {
      const now = performance.now();
      const last = page !== undefined && page === pages;
      if (stage === lastStage && !last && now - lastAt < PROGRESS_INTERVAL_MS) return;
      lastStage = stage;
      lastAt = now;
      const percent = percentFor(stage, page, pages);
      const progress = {
        stage,
        percent,
        ...(page === undefined ? {} : { page }),
        ...(pages === undefined ? {} : { pages }),
      };
      chain = chain
        .then(() =>
          records.update(jobId, (r) =>
            r.status === 'processing' ? { ...r, progress } : undefined,
          ),
        )
        .catch(() => undefined);
    },
    flush: () => chain,
  };
}
