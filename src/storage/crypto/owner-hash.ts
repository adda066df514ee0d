import { createHmac } from 'node:crypto';
import { deriveKey } from './master-key.wrapper.js';

export type OwnerHasher = (subject: string) => string;

/**
 * Keyed hash of a token subject. Storage prefixes, job records, logs and rate-limit keys use it
 * instead of the user id; without the master key it cannot be linked back to a user.
 */
export function createOwnerHasher(masterKey: Buffer): OwnerHasher {
  const key = deriveKey(masterKey, 'owner-hash');
  return (subject) => createHmac('sha256', key).update(subject, 'utf8').digest('hex').slice(0, 32);
}
