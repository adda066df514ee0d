import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ServiceError } from '../../domain/errors.js';
import { AnalysisResultSchema, type AnalysisResult } from '../../domain/result.js';
import type { RouteDeps } from '../route-deps.js';
import { JobIdParams, problemResponses } from '../schemas.js';

export const jobsResultRoute: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/v1/jobs/:id/result',
    {
      schema: {
        summary: 'The analysis result',
        description:
          'Repeatable until the job is acknowledged (DELETE) or expires, then 410. A job that failed answers with its problem; one still running answers 404 with `retryable: true`.',
        tags: ['jobs'],
        params: JobIdParams,
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('fhir')])),
        }),
        response: { 200: AnalysisResultSchema, ...problemResponses(404, 410, 415, 422) },
      },
    },
    async (request, reply) => {
      const wantsFhir =
        request.query.format === 'fhir' ||
        (request.query.format === undefined &&
          (request.headers.accept ?? '').includes('application/fhir+json'));
      if (wantsFhir)
        throw new ServiceError('unsupported_media_type', {
          detail: 'FHIR output is not available in this version yet. Ask for the JSON result.',
        });
      const stored = await deps.jobs.result(request.owner, request.params.id);
      // Re-serialized through the response schema: only documented fields ever leave.
      const result = JSON.parse(stored.toString('utf8')) as AnalysisResult;
      stored.fill(0);
      deps.audit.record({ type: 'job.delivered', jobId: request.params.id, format: 'json' });
      return reply.header('cache-control', 'no-store').send(result);
    },
  );
};
