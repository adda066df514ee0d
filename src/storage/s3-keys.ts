import {
  assertValidRef,
  isValidJobId,
  isValidKind,
  isValidOwner,
  type ObjectRef,
} from './store.port.js';

const PREFIX = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*$/;

/** A key prefix is empty or slash-terminated segments, none of them `.` or `..`. */
export function assertValidPrefix(prefix: string): void {
  if (!PREFIX.test(prefix)) throw new Error('S3 prefix must be empty or end with "/"');
}

/** `{prefix}{owner hash}/{job id}/{kind}`: ids only, nothing else from the user. */
export function keyOf(prefix: string, ref: ObjectRef): string {
  assertValidRef(ref);
  return `${prefix}${ref.owner}/${ref.jobId}/${ref.kind}`;
}

/** The ref a key names, or undefined for any key that is not exactly one of ours. */
export function refOf(prefix: string, key: string | undefined): ObjectRef | undefined {
  if (key?.startsWith(prefix) !== true) return undefined;
  const [owner = '', jobId = '', kind = '', ...rest] = key.slice(prefix.length).split('/');
  if (rest.length > 0 || !isValidOwner(owner) || !isValidJobId(jobId) || !isValidKind(kind))
    return undefined;
  return { owner, jobId, kind };
}
