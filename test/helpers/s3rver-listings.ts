import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3rverContext } from 's3rver';

export const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/**
 * ListObjectsV2 without a delimiter, in key order. s3rver's own pages in file-system walk order
 * and makes its continuation tokens with DES, which OpenSSL 3 no longer offers (500 on any
 * truncated page). Here the token is the last key, base64url-encoded.
 */
export async function listObjectsV2(ctx: S3rverContext, bucket: string): Promise<void> {
  const prefix = param(ctx, 'prefix');
  const token = param(ctx, 'continuation-token');
  const after = token
    ? Buffer.from(token, 'base64url').toString('utf8')
    : param(ctx, 'start-after');
  const max = Math.min(Number(param(ctx, 'max-keys') || 1000), 1000);
  const { objects } = await ctx.store.listObjects(bucket, { prefix });
  const matching = objects.filter((o) => o.key > after).sort((a, b) => cmp(a.key, b.key));
  const page = matching.slice(0, max);
  const last = page.at(-1);
  const next =
    matching.length > page.length && last !== undefined
      ? `<NextContinuationToken>${Buffer.from(last.key).toString('base64url')}</NextContinuationToken>`
      : '';
  const contents = page.map(
    (o) =>
      `<Contents><Key>${escape(o.key)}</Key><LastModified>${o.lastModifiedDate.toISOString()}` +
      `</LastModified><ETag>${escape(o.metadata.etag ?? '')}</ETag><Size>${o.size}</Size>` +
      `<StorageClass>STANDARD</StorageClass></Contents>`,
  );
  xml(
    ctx,
    200,
    `<ListBucketResult xmlns="${XMLNS}"><Name>${bucket}</Name><Prefix>${escape(prefix)}</Prefix>` +
      `<MaxKeys>${max}</MaxKeys><KeyCount>${page.length}</KeyCount>` +
      `<IsTruncated>${next !== ''}</IsTruncated>${next}${contents.join('')}</ListBucketResult>`,
  );
}

interface Upload {
  readonly key: string;
  readonly id: string;
  readonly initiated: Date;
}

/** ListMultipartUploads, which s3rver lacks: uploads in progress live in `<dir>/<id>/key`. */
export async function listUploads(ctx: S3rverContext, bucket: string, dir: string): Promise<void> {
  const prefix = param(ctx, 'prefix');
  const keyMarker = param(ctx, 'key-marker');
  const idMarker = param(ctx, 'upload-id-marker');
  const max = Math.min(Number(param(ctx, 'max-uploads') || 1000), 1000);
  const all: Upload[] = [];
  for (const id of await readdir(dir).catch(() => [])) {
    const key = await readFile(join(dir, id, 'key'), 'utf8').catch(() => undefined);
    const info = await stat(join(dir, id, 'key')).catch(() => undefined);
    if (key !== undefined && info !== undefined) all.push({ key, id, initiated: info.mtime });
  }
  const after = (u: Upload) =>
    keyMarker === '' || u.key > keyMarker || (u.key === keyMarker && u.id > idMarker);
  const matching = all
    .filter((u) => u.key.startsWith(prefix) && after(u))
    .sort((a, b) => (a.key === b.key ? cmp(a.id, b.id) : cmp(a.key, b.key)));
  const page = matching.slice(0, max);
  const last = page.at(-1);
  const next =
    matching.length > page.length && last !== undefined
      ? `<NextKeyMarker>${escape(last.key)}</NextKeyMarker><NextUploadIdMarker>${last.id}</NextUploadIdMarker>`
      : '';
  const items = page.map(
    (u) =>
      `<Upload><Key>${escape(u.key)}</Key><UploadId>${u.id}</UploadId>` +
      `<StorageClass>STANDARD</StorageClass><Initiated>${u.initiated.toISOString()}</Initiated></Upload>`,
  );
  xml(
    ctx,
    200,
    `<ListMultipartUploadsResult xmlns="${XMLNS}"><Bucket>${bucket}</Bucket>` +
      `<KeyMarker>${escape(keyMarker)}</KeyMarker><UploadIdMarker>${escape(idMarker)}</UploadIdMarker>` +
      `${next}<Prefix>${escape(prefix)}</Prefix><MaxUploads>${max}</MaxUploads>` +
      `<IsTruncated>${next !== ''}</IsTruncated>${items.join('')}</ListMultipartUploadsResult>`,
  );
}

function param(ctx: S3rverContext, name: string): string {
  const value = ctx.query[name];
  return typeof value === 'string' ? value : '';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? '');
}

export function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function xml(ctx: S3rverContext, status: number, content: string): void {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n${content}`;
}

export function xmlError(ctx: S3rverContext, status: number, code: string, message: string): void {
  xml(ctx, status, `<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}
