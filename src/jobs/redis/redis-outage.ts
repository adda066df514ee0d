import { ServiceError } from '../../domain/errors.js';

// ioredis's errors when the server cannot be reached or the connection dropped mid-command.
const OUTAGE =
  /connection is closed|stream isn't writeable|enableofflinequeue|max retries per request|econnrefused|econnreset|etimedout|ehostunreach|loading redis is loading/i;

/** Whether an error means Redis is unreachable rather than a fault in our code. */
export function isRedisOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    OUTAGE.test(error.message) ||
    OUTAGE.test(codeOf(error))
  );
}

/**
 * Wraps a Redis-backed adapter so that an outage answers at once with 503 `overloaded` and a
 * Retry-After, instead of a hang or a 500: the client keeps its file and tries again.
 */
export function failFastOnOutage<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const out: unknown = (value as (...a: unknown[]) => unknown).apply(object, args);
        if (!(out instanceof Promise)) return out;
        return out.catch((error: unknown) => {
          if (!isRedisOutage(error)) throw error;
          throw new ServiceError('overloaded', {
            cause: error,
            retryAfterSeconds: 5,
            detail: 'The service is briefly unavailable. Try again in a few seconds.',
          });
        });
      };
    },
  });
}

function codeOf(error: Error): string {
  const { code } = error as { code?: unknown };
  return typeof code === 'string' ? code : '';
}
