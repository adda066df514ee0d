/**
 * Entity tags for job answers, derived from the job id and its record version only: never from
 * content, so computing one costs nothing and a 304 is decided before anything is decrypted.
 *
 * They are weak (`W/`): the bytes differ by content coding (br, gzip, identity) while the
 * representation is the same, and If-None-Match compares weakly anyway (RFC 9110 §13.1.2).
 */

/** The tag of a job's representation at `version`; `variant` tells different ones apart. */
export function versionTag(jobId: string, version: number, variant?: string): string {
  return `W/"${jobId}.v${version}${variant === undefined ? '' : `.${variant}`}"`;
}

/** The opaque tags an If-None-Match header lists (weakness dropped), or `*`. */
export function listedTags(header: string | undefined): '*' | string[] {
  if (header === undefined) return [];
  if (header.trim() === '*') return '*';
  // An entity tag cannot contain a double quote, so scanning quoted strings is exact.
  return [...header.matchAll(/(?:W\/)?"([^"]*)"/g)].map((match) => match[1] ?? '');
}

/** Whether If-None-Match names `tag` (weak comparison): the client's copy is current. */
export function matchesTag(header: string | undefined, tag: string): boolean {
  const listed = listedTags(header);
  if (listed === '*') return true;
  return listed.includes(opaque(tag));
}

function opaque(tag: string): string {
  return tag.replace(/^W\//, '').replace(/^"|"$/g, '');
}
