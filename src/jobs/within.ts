/** How long a queue waits for a cancelled handler, or for a connection to close, at most. */
export const CANCEL_WAIT_MS = 5000;

/** Waits for `work` at most `ms`; says which came first (the work is not stopped). */
export async function within(work: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work.then(() => 'done' as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}
