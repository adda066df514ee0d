import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Server } from '@tus/server';
import { ServiceError } from '../../domain/errors.js';
import { toProblem } from '../problem.js';
import { problemResponses } from '../schemas.js';
import Type from 'typebox';
import type { RouteDeps } from '../route-deps.js';
import { TusStore, uploadOwner, uploadOwnerOf } from '../uploads/tus-store.js';

const PATH = '/v1/uploads';
const TUS_HEADERS =
  'Requests carry `Tus-Resumable: 1.0.0` and the bearer token, like every /v1 request. ';

/**
 * Resumable uploads with the tus 1.0 protocol (creation, creation-with-upload, termination,
 * expiration). The upload's id is the job's id: once the last byte is in, the job exists and
 * `GET /v1/jobs/{id}` follows it. Another user's upload answers 404, as for jobs.
 */
export const uploadsRoute: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const problems = new WeakMap<object, ServiceError>();
  const tus = new Server({
    path: PATH,
    datastore: new TusStore(deps.uploads, deps.ttlSeconds),
    maxSize: deps.maxUploadBytes,
    relativeLocation: true,
    // Our ids, never the client's: a random UUID, as for every job.
    namingFunction: () => crypto.randomUUID(),
    // A browser app is not a client of this API: no CORS headers, as on every other route.
    allowedOrigins: () => false,
    // Ownership first: tus takes its per-upload lock before it reads the upload, and another
    // user's request must not even make the owner's running PATCH stop for the lock.
    onIncomingRequest: async (request, id) => {
      if (request.method !== 'POST') await deps.uploads.assertOwned(uploadOwnerOf(), id);
    },
    onResponseError: (request, error) => {
      // Ours, tus's own 413 and any fault answer as problem+json like the rest of the API
      // (a fault's message, which may name paths, is logged, never sent); the protocol errors
      // of tus (400, 409, 412) keep its plain-text bodies.
      const tusStatus = 'status_code' in error ? error.status_code : undefined;
      let service: ServiceError | undefined;
      if (error instanceof ServiceError) service = error;
      else if (tusStatus === 413) service = new ServiceError('file_too_large');
      else if (tusStatus === undefined || tusStatus >= 500) {
        app.log.error({ err: error }, 'resumable upload failed');
        service = new ServiceError('internal', { cause: error });
      }
      if (service === undefined) return undefined;
      const raw = request.runtime?.node?.req;
      if (raw !== undefined) problems.set(raw, service);
      return { status_code: service.status, body: JSON.stringify(toProblem(service)) };
    },
  });
  // tus reads the body itself, chunk by chunk; Fastify must leave it alone.
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => {
    done(null);
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    // tus writes the answer; a problem it answers gets our content type and Retry-After.
    const response = reply.raw;
    const writeHead = response.writeHead.bind(response);
    response.writeHead = ((...args: unknown[]) => {
      const problem = problems.get(request.raw);
      if (problem === undefined) return (writeHead as (...a: unknown[]) => unknown)(...args);
      const extra: Record<string, string> = { 'content-type': 'application/problem+json' };
      if (problem.retryAfterSeconds !== undefined)
        extra['retry-after'] = String(problem.retryAfterSeconds);
      const last = args.length - 1;
      args[last] = withHeaders(args[last], extra);
      return (writeHead as (...a: unknown[]) => unknown)(...args);
    }) as typeof response.writeHead;
    await uploadOwner.run(request.owner, () => tus.handle(request.raw, reply.raw));
  };
  const described = (summary: string, description: string, status = 204, errors = [404, 410]) => ({
    schema: {
      summary,
      description: TUS_HEADERS + description,
      tags: ['uploads'],
      response: {
        [status]: Type.Null({ description: 'No body; the tus headers carry the answer.' }),
        ...problemResponses(...errors),
      },
    },
  });

  app.post(
    PATH,
    described(
      'Start a resumable upload (tus creation)',
      '`Upload-Length` (bytes, at most the upload limit) is required; `Upload-Metadata` may give `filetype` (a file name is ignored, never stored). Answers 201 with `Location: /v1/uploads/{id}`; with a body (`Content-Type: application/offset+octet-stream`) the first bytes are taken at once. The same admission as POST /v1/documents applies (413, 429, 503).',
      201,
      [400, 413, 415, 429, 503],
    ),
    handle,
  );
  app.head(
    `${PATH}/:id`,
    {
      // HEAD routes are left out of the document unless asked for; this one is the protocol.
      config: { swagger: { exposeHeadRoute: true } },
      ...described(
        'Where to resume (tus)',
        'Answers 200 with `Upload-Offset` (bytes received) and `Upload-Length`; 404 for an unknown upload or another user’s, 410 once expired.',
        200,
        [404, 410],
      ),
    },
    handle,
  );
  app.patch(
    `${PATH}/:id`,
    described(
      'Send bytes at an offset (tus)',
      '`Content-Type: application/offset+octet-stream` and `Upload-Offset` equal to the bytes received so far (else 409). Each request is encrypted as it arrives; if the connection drops, what arrived is kept and HEAD says where to resume. The request that brings the last byte creates the job (the same checks as POST /v1/documents: an unsupported file answers 415 and the upload is deleted).',
      204,
      [404, 410, 413, 415, 503],
    ),
    handle,
  );
  app.delete(
    `${PATH}/:id`,
    described(
      'Abandon an upload (tus termination)',
      'Deletes the bytes received so far. A completed upload is a job: use DELETE /v1/jobs/{id}.',
      204,
      [404],
    ),
    handle,
  );
  app.options(
    PATH,
    described(
      'tus capabilities',
      'Answers 204 with `Tus-Version`, `Tus-Extension` and `Tus-Max-Size`.',
      204,
      [],
    ),
    handle,
  );
};

/** `headers` as `writeHead` takes them (an object, or a flat list of names and values) with `extra` set. */
function withHeaders(headers: unknown, extra: Record<string, string>): unknown {
  const names = new Set(Object.keys(extra));
  if (Array.isArray(headers) && headers.every((item) => typeof item === 'string')) {
    const kept: string[] = [];
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const [name = '', value = ''] = [headers[i], headers[i + 1]];
      if (!names.has(name.toLowerCase())) kept.push(name, value);
    }
    return [...kept, ...Object.entries(extra).flat()];
  }
  if (headers !== null && typeof headers === 'object' && !Array.isArray(headers)) {
    const kept = Object.entries(headers).filter(([name]) => !names.has(name.toLowerCase()));
    return { ...Object.fromEntries(kept), ...extra };
  }
  return headers;
}
