import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { toJobView } from '../job-view.js';
import type { RouteDeps } from '../route-deps.js';
import { JobIdParams, JobViewSchema, problemResponses } from '../schemas.js';

export const jobsGetRoute: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/v1/jobs/:id',
    {
      schema: {
        summary: 'Status and progress of a job',
        tags: ['jobs'],
        params: JobIdParams,
        response: { 200: JobViewSchema, ...problemResponses(404, 410) },
      },
    },
    async (request, reply) => {
      const record = await deps.jobs.get(request.owner, request.params.id);
      return reply.header('cache-control', 'no-store').send(toJobView(record));
    },
  );
};
