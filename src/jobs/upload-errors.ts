import { createHash } from 'node:crypto';
import { ServiceError } from '../domain/errors.js';

/** The owner-scoped hash under which an Idempotency-Key is claimed (the key itself is never kept). */
export function idempotencyHash(owner: string, key: string): string {
  return createHash('sha256').update(`${owner}\u0000${key}`).digest('hex');
}

/** What a failed upload answers: its own error, a purge, a dropped connection, or ours. */
export function uploadError(error: unknown, purged: AbortSignal): ServiceError {
  if (error instanceof ServiceError) return error;
  if (purged.aborted)
    return new ServiceError('expired', {
      detail: 'Your data was deleted while this upload was in progress.',
    });
  const code = (error as { code?: string }).code;
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNABORTED')
    return new ServiceError('bad_request', {
      detail: 'The upload was interrupted. Check your connection and upload the file again.',
      cause: error,
    });
  return new ServiceError('internal', { cause: error });
}
