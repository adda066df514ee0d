import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3rverContext, S3rverMiddleware } from 's3rver';
import {
  XMLNS,
  escape,
  listObjectsV2,
  listUploads,
  unescape,
  xml,
  xmlError,
} from './s3rver-listings.js';

/** Where s3rver keeps its files, and the bucket configuration to add. */
export interface S3rverExtensionOptions {
  /** s3rver's storage directory: in-progress uploads live in `<bucket>/._S3rver_uploads/<id>`. */
  readonly directory: string;
  /** Answer Get/Put/DeleteBucketLifecycle (s3rver answers 501 NotImplemented). */
  readonly lifecycle: boolean;
  /** The status GetBucketVersioning reports (s3rver answers it with a ListBucketResult). */
  readonly versioning: 'Enabled' | 'Suspended' | undefined;
}

/**
 * Koa middleware, placed before s3rver's router, for what s3rver 3.7 lacks or gets wrong:
 * ListMultipartUploads and AbortMultipartUpload (missing), NoSuchUpload for a part or completion
 * of an aborted upload (s3rver would recreate its directory), ListObjectsV2 paging (broken, see
 * `listObjectsV2`), GetBucketVersioning (answered as a listing), and optionally the bucket
 * lifecycle configuration. Shapes follow the S3 API reference.
 *
 * It also runs writes one at a time and DeleteObjects key by key: s3rver removes directories
 * left empty after a delete, racing any concurrent write or delete in the same directory
 * (answered 500 InternalError, which S3 never does).
 */
export function s3rverExtensions(options: S3rverExtensionOptions): S3rverMiddleware {
  const lifecycles = new Map<string, string>();
  let writes = Promise.resolve();
  const serially = (socket: NodeJS.EventEmitter, run: () => Promise<void>): Promise<void> => {
    const done = writes.then(run);
    // A client killed mid-body (kill -9 of an API) leaves its write hanging in s3rver: its
    // socket closing releases the turn, so later writes are not blocked forever.
    writes = new Promise<void>((resolve) => {
      const release = () => {
        socket.off('close', release);
        resolve();
      };
      done.then(release, release);
      socket.once('close', release);
    });
    return done;
  };
  const handle = extensions(options, lifecycles);
  return (ctx, next) =>
    ctx.method === 'GET' || ctx.method === 'HEAD'
      ? handle(ctx, next)
      : serially(ctx.req.socket, () => handle(ctx, next));
}

function extensions(
  options: S3rverExtensionOptions,
  lifecycles: Map<string, string>,
): S3rverMiddleware {
  return async (ctx, next) => {
    const [, bucket = '', ...rest] = ctx.path.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const uploads = join(options.directory, bucket, '._S3rver_uploads');
    const { query, method } = ctx;
    if (key === '' && method === 'GET' && 'uploads' in query) {
      await listUploads(ctx, bucket, uploads);
    } else if (key === '' && method === 'GET' && query['list-type'] === '2' && !query.delimiter) {
      await listObjectsV2(ctx, bucket);
    } else if (key === '' && method === 'GET' && 'versioning' in query) {
      const status = options.versioning ? `<Status>${options.versioning}</Status>` : '';
      xml(
        ctx,
        200,
        `<VersioningConfiguration xmlns="${XMLNS}">${status}</VersioningConfiguration>`,
      );
    } else if (key === '' && method === 'POST' && 'delete' in query) {
      await deleteObjects(ctx, bucket, await body(ctx));
    } else if (key === '' && 'lifecycle' in query && options.lifecycle) {
      lifecycle(ctx, bucket, lifecycles, await body(ctx));
    } else if (key !== '' && typeof query.uploadId === 'string') {
      const id = query.uploadId;
      const initiated = /^[0-9a-f]{1,64}$/.test(id)
        ? await readFile(join(uploads, id, 'key'), 'utf8').catch(() => undefined)
        : undefined;
      if (initiated !== key) {
        xmlError(ctx, 404, 'NoSuchUpload', 'The specified upload does not exist.');
      } else if (method === 'DELETE') {
        await rm(join(uploads, id), { recursive: true, force: true });
        ctx.status = 204;
      } else await next();
    } else await next();
  };
}

async function deleteObjects(ctx: S3rverContext, bucket: string, request: string): Promise<void> {
  const keys = [...request.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => unescape(m[1] ?? ''));
  for (const key of keys)
    if (await ctx.store.existsObject(bucket, key)) await ctx.store.deleteObject(bucket, key);
  const quiet = request.includes('<Quiet>true</Quiet>');
  const deleted = quiet ? [] : keys.map((key) => `<Deleted><Key>${escape(key)}</Key></Deleted>`);
  xml(ctx, 200, `<DeleteResult xmlns="${XMLNS}">${deleted.join('')}</DeleteResult>`);
}

function lifecycle(
  ctx: S3rverContext,
  bucket: string,
  lifecycles: Map<string, string>,
  received: string,
): void {
  const stored = lifecycles.get(bucket);
  if (ctx.method === 'PUT') {
    lifecycles.set(bucket, received);
    ctx.status = 200;
  } else if (ctx.method === 'DELETE') {
    lifecycles.delete(bucket);
    ctx.status = 204;
  } else if (stored === undefined) {
    xmlError(
      ctx,
      404,
      'NoSuchLifecycleConfiguration',
      'The lifecycle configuration does not exist',
    );
  } else xml(ctx, 200, stored);
}

async function body(ctx: S3rverContext): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
