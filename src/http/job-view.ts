import { ServiceError } from '../domain/errors.js';
import { publicStatus, type JobRecord } from '../domain/job.js';
import { toProblem } from './problem.js';
import type { JobView } from './schemas.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** What a client sees of a job record: no owner, no keys. */
export function toJobView(record: JobRecord): JobView {
  const self = `/v1/jobs/${record.id}`;
  return {
    id: record.id,
    status: publicStatus(record.status),
    progress: { ...record.progress },
    attempts: record.attempts,
    createdAt: iso(record.createdAt),
    expiresAt: iso(record.expiresAt),
    ...(record.deletedAt === undefined ? {} : { deletedAt: iso(record.deletedAt) }),
    ...(record.error === undefined
      ? {}
      : {
          error: toProblem(
            new ServiceError(record.error.code, {
              retryable: record.error.retryable,
              ...(record.error.detail === undefined ? {} : { detail: record.error.detail }),
            }),
          ),
        }),
    links: { self, events: `${self}/events`, result: `${self}/result` },
  };
}
