import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { JobRecord } from '../../domain/job.js';
import { matchesTag, versionTag } from '../etag.js';
import { toJobView } from '../job-view.js';
import { LongPolls } from '../long-poll.js';
import type { RouteDeps } from '../route-deps.js';
import { JobIdParams, JobViewSchema, NotModifiedSchema, problemResponses } from '../schemas.js';

const DEFAULT_WAIT_SECONDS = 25;

const JobQuery = Type.Object({
  waitFor: Type.Optional(
    Type.Literal('change', {
      description:
        'Long-poll: hold the request until the job differs from the version named by If-None-Match (or, without one, until its next change), at most `timeout` seconds.',
    }),
  ),
  timeout: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 30,
      default: DEFAULT_WAIT_SECONDS,
      description: 'Seconds a long-poll may be held (with `waitFor=change`).',
    }),
  ),
});

export const jobsGetRoute: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const polls = new LongPolls(deps.jobs);
  // Held long-polls answer with what they have, so shutdown does not wait out their timeouts.
  deps.lifecycle.shutdown.addEventListener('abort', () => polls.close(), { once: true });
  app.addHook('preClose', async () => polls.close());

  app.get(
    '/v1/jobs/:id',
    {
      schema: {
        summary: 'Status and progress of a job',
        description:
          'Answers with an `ETag` (weak, from the job version). Send it back in `If-None-Match` and an unchanged job answers 304 with no body. With `waitFor=change` the request is a long-poll: it answers at once when the job differs from the ETag sent (or is terminal); otherwise it is held until the job changes (200 with the new state and ETag) or `timeout` seconds pass (304; 200 with the same state when no If-None-Match was sent). Without If-None-Match it waits for the next change. `Cache-Control: private, no-cache`: keep the copy, revalidate before use.',
        tags: ['jobs'],
        params: JobIdParams,
        querystring: JobQuery,
        response: {
          200: JobViewSchema,
          304: NotModifiedSchema,
          ...problemResponses(400, 404, 410),
        },
      },
    },
    async (request, reply) => {
      const { owner, params, query } = request;
      const ifNoneMatch = request.headers['if-none-match'];
      let record: JobRecord;
      if (query.waitFor === 'change') {
        // The request's own 'close' may already have fired; the response's marks the client leaving.
        const gone = new AbortController();
        reply.raw.once('close', () => gone.abort());
        if (request.raw.socket.destroyed) gone.abort();
        record = await polls.wait(owner, params.id, {
          holds: (current) =>
            ifNoneMatch === undefined ||
            matchesTag(ifNoneMatch, versionTag(current.id, current.version)),
          timeoutMs: (query.timeout ?? DEFAULT_WAIT_SECONDS) * 1000,
          signal: gone.signal,
        });
      } else record = await deps.jobs.get(owner, params.id);
      const etag = versionTag(record.id, record.version);
      // Not no-store: a 304 means "use your copy", so the client must be allowed to keep one.
      // no-cache makes every use revalidate (the status changes any second); private keeps
      // shared caches out. The view holds ids and states only, no document data.
      void reply
        .header('etag', etag)
        .header('cache-control', 'private, no-cache')
        .header('vary', 'accept-encoding');
      if (matchesTag(ifNoneMatch, etag)) return reply.code(304).send(undefined);
      return reply.send(toJobView(record));
    },
  );
};
