import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../route-deps.js';
import { PurgeReceiptSchema, problemResponses } from '../schemas.js';

export const meDataDeleteRoute: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.delete(
    '/v1/me/data',
    {
      schema: {
        summary: "Purge all of the caller's temporary data",
        description:
          'Stops uploads and jobs in progress and deletes every upload, result, key and job record of the caller.',
        tags: ['me'],
        response: { 200: PurgeReceiptSchema, ...problemResponses() },
      },
    },
    async (request, reply) => {
      const receipt = await deps.jobs.purge(request.owner);
      return reply
        .header('cache-control', 'no-store')
        .send({ ...receipt, deletedAt: new Date(receipt.deletedAt).toISOString() });
    },
  );
};
