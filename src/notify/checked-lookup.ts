import { promises as dns, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AddressPolicy, RefusalReason } from './address-policy.js';

/** Resolves a host name to every address it has (`dns.lookup` semantics, hosts file included). */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

/** The system resolver, as Node's HTTP client would use it. */
export const systemResolver: Resolver = (hostname) =>
  dns.lookup(hostname, { all: true, order: 'verbatim' });

/** The webhook host resolved to an address the policy refuses. Never retried. */
export class AddressRefusedError extends Error {
  readonly code = 'address_refused';
  readonly retryable = false;
  readonly reason: RefusalReason;
  constructor(reason: RefusalReason) {
    super(`webhook address refused: ${reason}`);
    this.name = 'AddressRefusedError';
    this.reason = reason;
  }
}

/**
 * Resolves `hostname` once and checks every answer; one refused answer refuses the host (a
 * rebinding name often answers a public and a private address together). Returns a `lookup`
 * for the HTTP request that hands back exactly the checked addresses, so the socket connects
 * to what was checked and a second, different DNS answer never gets a chance. Rejects with
 * `signal.reason` as soon as `signal` aborts, answered or not.
 */
export async function checkedLookup(
  hostname: string,
  policy: AddressPolicy,
  resolve: Resolver,
  signal: AbortSignal,
): Promise<LookupFunction> {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname; // URL IPv6 literal
  signal.throwIfAborted();
  const addresses = await untilAborted(resolve(host), signal);
  if (addresses.length === 0) throw new AddressRefusedError('invalid');
  for (const { address } of addresses) {
    const verdict = policy.check(address);
    if (!verdict.allowed) throw new AddressRefusedError(verdict.reason);
  }
  const pinned = addresses.map(({ address, family }) => ({ address, family }));
  return (_hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const wanted = pinned.filter((a) => !family || a.family === family);
    const [first] = wanted;
    if (first === undefined) {
      const error: NodeJS.ErrnoException = new Error('no checked address of that family');
      error.code = 'ENOTFOUND';
      callback(error, '', 0);
    } else if (options.all === true) callback(null, wanted);
    else callback(null, first.address, first.family);
  };
}

/**
 * Settles like `promise`, or rejects when `signal` aborts first. `dns.lookup` runs on the libuv
 * thread pool and cannot be cancelled: the caller stops waiting and the late answer is dropped.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined); // a late rejection must not go unhandled
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}
