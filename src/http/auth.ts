import {
  SignJWT,
  errors,
  createRemoteJWKSet,
  jwtVerify,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { createSecretKey, type KeyObject } from 'node:crypto';
import type { AuthConfig } from '../config/config.js';
import { ServiceError } from '../domain/errors.js';
import type { OwnerHasher } from '../storage/crypto/owner-hash.js';

/** Verifies bearer tokens and turns the subject into an owner hash; the subject goes no further. */
export interface Authenticator {
  /** Resolves with the owner hash, or rejects with `unauthorized`. */
  authenticate(authorization: string | undefined): Promise<string>;
}

/** Leeway for clocks on phones and identity providers. */
const CLOCK_TOLERANCE_SECONDS = 30;
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

export function createAuthenticator(config: AuthConfig, hashOwner: OwnerHasher): Authenticator {
  const options: JWTVerifyOptions = {
    // Pinned: a token's own `alg` header never chooses the verification method.
    algorithms: config.kind === 'hs256' ? ['HS256'] : [...config.algorithms],
    requiredClaims: ['exp', 'iat', 'sub'],
    maxTokenAge: config.maxTokenAgeSeconds,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    ...(config.issuer === undefined ? {} : { issuer: config.issuer }),
    ...(config.audience === undefined ? {} : { audience: config.audience }),
  };
  // A KeyObject made once: jose would otherwise import the raw secret on every request.
  const key: KeyObject | JWTVerifyGetKey =
    config.kind === 'hs256'
      ? createSecretKey(config.secret)
      : createRemoteJWKSet(config.jwksUrl, { timeoutDuration: 5000, cooldownDuration: 30_000 });

  return {
    async authenticate(authorization) {
      const match = BEARER.exec(authorization?.trim() ?? '');
      if (match?.[1] === undefined)
        throw unauthorized('Send a bearer token in the Authorization header.');
      let subject: unknown;
      try {
        const { payload } =
          typeof key === 'function'
            ? await jwtVerify(match[1], key, options)
            : await jwtVerify(match[1], key, options);
        subject = payload.sub;
      } catch (error) {
        if (typeof key === 'function' && isJwksUnavailable(error))
          throw new ServiceError('provider_unavailable', { cause: error, retryAfterSeconds: 10 });
        throw unauthorized(undefined, error);
      }
      if (typeof subject !== 'string' || subject === '' || subject.length > 256)
        throw unauthorized();
      return hashOwner(subject);
    },
  };
}

function unauthorized(detail?: string, cause?: unknown): ServiceError {
  return new ServiceError('unauthorized', {
    ...(detail === undefined ? {} : { detail }),
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The identity provider's key set could not be fetched: not the caller's fault. */
function isJwksUnavailable(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true; // fetch failed (network, DNS, TLS)
  return error.code === 'ERR_JWKS_TIMEOUT' || error.code === 'ERR_JOSE_GENERIC';
}

/** Signs an HS256 token, for development and the `token` command. */
export async function signToken(
  secret: Buffer,
  claims: { sub: string; ttlSeconds: number; issuer?: string; audience?: string },
): Promise<string> {
  let jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttlSeconds}s`);
  if (claims.issuer !== undefined) jwt = jwt.setIssuer(claims.issuer);
  if (claims.audience !== undefined) jwt = jwt.setAudience(claims.audience);
  return jwt.sign(new Uint8Array(secret));
}
