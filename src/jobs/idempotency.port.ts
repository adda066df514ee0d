/** Maps an owner-scoped Idempotency-Key to the job it created, until the job expires. */
export interface IdempotencyStore {
  /** Claims `key` for `jobId` unless held; resolves with the job id that holds it now. */
  claim(key: string, jobId: string, expiresAt: number): Promise<string>;
  /** Releases `key` if `jobId` holds it (after a failed upload, or when the job is purged). */
  release(key: string, jobId: string): Promise<void>;
}
