import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths that must never be written even if someone logs a whole object by mistake. Our own log
 * calls carry ids, sizes, durations and codes only; this is the second line of defence.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'headers.authorization',
  'authorization',
  'token',
  'sub',
  'subject',
  'filename',
  'fileName',
  'text',
  'body',
  'result',
  '*.authorization',
  '*.token',
  '*.sub',
  '*.filename',
  '*.fileName',
  '*.text',
  '*.body',
  '*.result',
];

/** JSON logs on stdout (or the given destination, which tests use to inspect every line). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'serenya' },
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: { err: safeError },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/**
 * Errors are logged by type, code and stack frames only: messages of third-party errors can
 * quote document content (a parser echoing a token, a JSON error quoting input).
 */
export function safeError(error: unknown, seen = new Set<unknown>()): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  seen.add(error);
  const code = (error as { code?: unknown }).code;
  // The stack starts with "Name: message" over as many lines as the message has; skip them all,
  // so a message line that looks like a frame is not taken for one.
  const messageLines = error.message.split('\n').length;
  const frames = (error.stack ?? '')
    .split('\n')
    .slice(messageLines)
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 8)
    .map((line) => line.trim());
  const out: Record<string, unknown> = { type: error.name, frames };
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (error.cause !== undefined && !seen.has(error.cause)) out.cause = safeError(error.cause, seen);
  return out;
}
