import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import Type from 'typebox';
import { ServiceError } from '../../domain/errors.js';
import { essence } from '../../domain/media-type.js';
import { AnalysisResultSchema, type AnalysisResult } from '../../domain/result.js';
import type { UploadRequest } from '../../jobs/job.service.js';
import { toJobView } from '../job-view.js';
import type { RouteDeps } from '../route-deps.js';
import { JobViewSchema, problemResponses } from '../schemas.js';

/** Multipart framing allowance on top of the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;

export const documentsCreateRoute: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.post(
    '/v1/documents',
    {
      schema: {
        summary: 'Upload a document for processing',
        description:
          'Raw body (Content-Type application/pdf, image/jpeg, image/png or application/octet-stream) or multipart/form-data with a field `file`. The type is sniffed from the bytes and must agree with the declared one. `Prefer: wait=N` waits up to N seconds for the result.',
        tags: ['documents'],
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
          prefer: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: {
          200: Type.Object({ job: JobViewSchema, result: AnalysisResultSchema }),
          202: Type.Object({ job: JobViewSchema }),
          ...problemResponses(400, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const upload = await readUpload(request, deps.maxUploadBytes);
      let record;
      try {
        record = await deps.jobs.submit(request.owner, upload);
      } catch (error) {
        // The body may be unread or half read: do not let the client keep sending into it.
        void reply.header('connection', 'close');
        throw error;
      }
      void reply.header('location', `/v1/jobs/${record.id}`).header('cache-control', 'no-store');
      const wait = preferWait(request.headers.prefer, deps.maxWaitSeconds);
      if (wait === undefined) return reply.code(202).send({ job: toJobView(record) });

      void reply.header('preference-applied', `wait=${wait}`);
      // The request's own 'close' has fired once its body was read: watch the response instead.
      const gone = new AbortController();
      reply.raw.once('close', () => gone.abort());
      const latest = await deps.jobs.waitFor(request.owner, record.id, {
        timeoutMs: wait * 1000,
        signal: AbortSignal.any([gone.signal, deps.lifecycle.shutdown]),
      });
      if (latest.status !== 'succeeded') return reply.code(202).send({ job: toJobView(latest) });
      const stored = await deps.jobs.result(request.owner, record.id);
      const result = JSON.parse(stored.toString('utf8')) as AnalysisResult;
      stored.fill(0);
      deps.audit.record({ type: 'job.delivered', jobId: record.id, format: 'json' });
      return reply.code(200).send({ job: toJobView(latest), result });
    },
  );
};

async function readUpload(request: FastifyRequest, maxBytes: number): Promise<UploadRequest> {
  const idempotencyKey = request.headers['idempotency-key'];
  const key = typeof idempotencyKey === 'string' ? idempotencyKey : undefined;
  const length = Number(request.headers['content-length']);
  const declaredLength = Number.isFinite(length) ? length : undefined;
  if (request.isMultipart()) {
    if (declaredLength !== undefined && declaredLength > maxBytes + MULTIPART_OVERHEAD)
      throw new ServiceError('file_too_large');
    const part = await request.file({
      limits: { files: 1, fileSize: maxBytes + 1, fields: 10, parts: 20 },
    });
    if (part?.fieldname !== 'file')
      throw new ServiceError('bad_request', {
        detail: 'Send the document in a multipart field named "file".',
      });
    return {
      body: part.file,
      declaredType: essence(part.mimetype),
      declaredLength: undefined,
      idempotencyKey: key,
    };
  }
  if (!(request.body instanceof Readable)) throw new ServiceError('unsupported_media_type');
  return {
    body: request.body,
    declaredType: essence(request.headers['content-type']),
    declaredLength,
    idempotencyKey: key,
  };
}

/** RFC 7240 `Prefer: wait=N`, capped by configuration. */
export function preferWait(prefer: string | undefined, max: number): number | undefined {
  const match = /(?:^|[,;\s])wait\s*=\s*"?(\d{1,6})"?/i.exec(prefer ?? '');
  if (match?.[1] === undefined) return undefined;
  return Math.min(Number(match[1]), max);
}
