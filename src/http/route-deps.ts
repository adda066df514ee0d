import type { JobService } from '../jobs/job.service.js';
import type { ResumableUploads } from '../jobs/resumable-uploads.js';
import type { AuditLog } from '../observability/audit.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Keyed hash of the authenticated subject; set by the auth hook on /v1 routes. */
    owner: string;
  }
}

/** What the /v1 routes need; passed as plugin options, never imported as singletons. */
export interface RouteDeps {
  readonly jobs: JobService;
  /** Resumable (tus) uploads. */
  readonly uploads: ResumableUploads;
  /** How long a job and its upload live, in seconds. */
  readonly ttlSeconds: number;
  readonly audit: AuditLog;
  readonly maxWaitSeconds: number;
  readonly maxUploadBytes: number;
  readonly lifecycle: Lifecycle;
}

/** The server's view of the process lifecycle. */
export interface Lifecycle {
  /** True once shutdown began: new requests are refused and connections closed. */
  closing(): boolean;
  /** Aborted when shutdown begins, ending long waits (Prefer: wait, event streams). */
  readonly shutdown: AbortSignal;
}
