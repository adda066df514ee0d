import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../route-deps.js';
import { DeletionReceiptSchema, JobIdParams, problemResponses } from '../schemas.js';

export const jobsDeleteRoute: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.delete(
    '/v1/jobs/:id',
    {
      schema: {
        summary: 'Acknowledge or cancel a job and delete everything of it',
        description:
          'On a finished job this acknowledges the result; on a running one it cancels. Either way the upload, the result and their keys are deleted, and the receipt lists what existed. Repeating it is harmless.',
        tags: ['jobs'],
        params: JobIdParams,
        response: { 200: DeletionReceiptSchema, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const receipt = await deps.jobs.remove(request.owner, request.params.id);
      return reply.header('cache-control', 'no-store').send({
        ...receipt,
        deletedAt: new Date(receipt.deletedAt).toISOString(),
        deleted: [...receipt.deleted],
      });
    },
  );
};
