import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServerResponse } from 'node:http';
import Type from 'typebox';
import { isTerminal, type JobRecord } from '../../domain/job.js';
import { toJobView } from '../job-view.js';
import type { RouteDeps } from '../route-deps.js';
import { JobIdParams, problemResponses } from '../schemas.js';

const HEARTBEAT_MS = 15_000;

/** Server-Sent Events: `status` when the status changes, `progress` otherwise; ends when terminal. */
export const jobsEventsRoute: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const response of open) response.end();
  });

  app.get(
    '/v1/jobs/:id/events',
    {
      schema: {
        summary: 'Live progress and status (Server-Sent Events)',
        description:
          'A `text/event-stream` of `status` and `progress` events whose data is the Job; the `id` of each event is the job version. The stream ends after a terminal status. Comments are sent every 15 s to keep proxies from closing it.',
        tags: ['jobs'],
        params: JobIdParams,
        response: {
          200: Type.String({ description: 'text/event-stream' }),
          ...problemResponses(404, 410),
        },
      },
    },
    async (request, reply) => {
      let ready = false;
      let lastVersion = 0;
      let lastStatus: JobRecord['status'] | undefined;
      const response = reply.raw;
      const send = (record: JobRecord | undefined) => {
        if (!ready || response.writableEnded) return;
        if (record === undefined) {
          close();
          return;
        }
        if (record.version <= lastVersion) return;
        const event = record.status === lastStatus ? 'progress' : 'status';
        lastVersion = record.version;
        lastStatus = record.status;
        response.write(
          `id: ${record.version}\nevent: ${event}\ndata: ${JSON.stringify(toJobView(record))}\n\n`,
        );
        if (isTerminal(record.status)) close();
      };
      const { record, unwatch } = await deps.jobs.watch(request.owner, request.params.id, send);
      const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
      function close() {
        clearInterval(heartbeat);
        unwatch();
        open.delete(response);
        if (!response.writableEnded) response.end();
      }
      reply.hijack();
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      open.add(response);
      response.once('close', close);
      ready = true;
      send(record);
      // A change between the first read and now was ignored above; catch up once.
      send(await deps.jobs.get(request.owner, request.params.id).catch(() => undefined));
    },
  );
};
