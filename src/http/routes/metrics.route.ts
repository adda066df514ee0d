import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Metrics } from '../../observability/metrics.js';

export const metricsRoute: FastifyPluginAsyncTypebox<{ metrics: Metrics }> = async (
  app,
  { metrics },
) => {
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics',
        description: 'Counts, sizes and durations only; labels never carry ids or content.',
        tags: ['operations'],
        response: { 200: Type.String() },
      },
    },
    async (_request, reply) =>
      reply
        .type(metrics.registry.contentType)
        .header('cache-control', 'no-store')
        .send(await metrics.scrape()),
  );
};
