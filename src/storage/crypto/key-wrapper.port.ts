/**
 * Wraps per-object data keys. The wrapped key is stored in the job record (which expires with
 * the job), never beside the ciphertext: losing the record makes the object unreadable.
 */
export interface KeyWrapper {
  /** Generates a fresh 32-byte data key and returns it with its wrapped form for `context`. */
  generate(context: string): Promise<{ dataKey: Buffer; wrapped: string }>;
  /** Unwraps a data key; fails if the wrapped key was made for another context or key. */
  unwrap(wrapped: string, context: string): Promise<Buffer>;
}
