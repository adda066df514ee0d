import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServerResponse } from 'node:http';
import Type from 'typebox';
import { isTerminal, type JobRecord } from '../../domain/job.js';
import { toJobView } from '../job-view.js';
import type { RouteDeps } from '../route-deps.js';
import { JobIdParams, problemResponses } from '../schemas.js';

const HEARTBEAT_MS = 15_000;
/** What EventSource clients wait before reconnecting: polite on a flaky mobile link. */
const RETRY_MS = 3000;

const EventsQuery = Type.Object({
  lastEventId: Type.Optional(
    Type.String({
      maxLength: 32,
      description:
        'The id of the last event received, for clients that cannot send the Last-Event-ID header (EventSource polyfills). The header wins.',
    }),
  ),
});

/** The job version a reconnecting client last received, when it names one. */
export function lastEventVersion(header: unknown, query: string | undefined): number | undefined {
  const value = typeof header === 'string' ? header : query;
  const match = /^\s*(\d{1,15})\s*$/.exec(value ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Server-Sent Events: `status` when the status changes, `progress` otherwise; ends when terminal. */
export const jobsEventsRoute: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  // How to release each stream, from its first line on: a stream still awaiting its first read
  // holds a watcher too, and every one must be freed on shutdown (an interval keeps the process alive).
  const open = new Set<(serverClosing: boolean) => void>();
  app.addHook('preClose', async () => {
    for (const close of [...open]) close(true);
  });

  app.get(
    '/v1/jobs/:id/events',
    {
      schema: {
        summary: 'Live progress and status (Server-Sent Events)',
        description: `A \`text/event-stream\` of \`status\` and \`progress\` events whose data is the Job; the \`id\` of each event is the job version. It starts with \`retry: ${RETRY_MS}\`. The stream ends after a terminal status. Comments are sent every 15 s to keep proxies from closing it. On reconnect, send \`Last-Event-ID\` (or \`?lastEventId=\`): events up to that version are not sent again (the current state comes once if it is newer, otherwise nothing until the next change); when the job is terminal and the client already has its last event, the answer is 204, which tells EventSource to stop reconnecting. Never compressed.`,
        tags: ['jobs'],
        params: JobIdParams,
        querystring: EventsQuery,
        response: {
          200: Type.String({ description: 'text/event-stream' }),
          204: Type.Unsafe<undefined>({
            type: 'null',
            description: 'The client already has the last event of a finished job.',
          }),
          ...problemResponses(404, 410),
        },
      },
    },
    async (request, reply) => {
      let ready = false;
      let lastVersion = 0;
      let lastStatus: JobRecord['status'] | undefined;
      // Filled in as the stream opens; close() frees whatever is there by then.
      const held: {
        closed: boolean;
        serverClosing: boolean;
        heartbeat?: NodeJS.Timeout;
        unwatch?: () => void;
      } = { closed: false, serverClosing: false };
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
      /** Frees everything the stream holds; safe to call at any point, any number of times. */
      function close(closing = false) {
        if (held.closed) return;
        held.closed = true;
        held.serverClosing = closing;
        clearInterval(held.heartbeat);
        held.unwatch?.();
        open.delete(close);
        if (!ready || response.writableEnded) return;
        // Kept alive, the idle connection would hold server.close() for the keep-alive timeout.
        const socket = response.socket;
        response.end();
        if (closing) socket?.end();
      }
      // Listen for the client leaving (and the server closing) before the first await: with a
      // slow store it may go meanwhile, and nothing would ever free the watcher and the heartbeat.
      open.add(close);
      // The request's own 'close' may already have fired; the response's marks the client leaving.
      response.once('close', () => close());
      let watched: Awaited<ReturnType<typeof deps.jobs.watch>>;
      try {
        watched = await deps.jobs.watch(request.owner, request.params.id, send);
      } catch (error) {
        close();
        throw error;
      }
      const { record } = watched;
      // Gone before its 'close' listener existed, or left (or the server closed) during the read.
      if (request.raw.socket.destroyed) close();
      if (held.closed) {
        watched.unwatch();
        // Client gone: nothing to send. Server closing: end as preClose ends open streams, so
        // EventSource reconnects (to another instance) after `retry`.
        if (request.raw.socket.destroyed) reply.hijack();
        else begin().end();
        return;
      }
      held.unwatch = watched.unwatch;
      const resumed = lastEventVersion(request.headers['last-event-id'], request.query.lastEventId);
      // An id from the future (another job, a restarted embedded server) is not trusted: the
      // client gets the current state as if it were new.
      if (resumed !== undefined && resumed <= record.version) {
        if (resumed === record.version && isTerminal(record.status)) {
          close();
          return reply.code(204).header('cache-control', 'no-store').send(undefined);
        }
        lastVersion = resumed;
        // The client holds the current state, so the next event is a status change only if it is one.
        if (resumed === record.version) lastStatus = record.status;
      }
      held.heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
      begin();
      ready = true;
      send(record);
      // A change between the first read and now was ignored above; catch up once.
      send(await deps.jobs.get(request.owner, request.params.id).catch(() => undefined));

      /** Takes the response over and sends the stream's head. */
      function begin(): ServerResponse {
        // Hijacked: no onSend hook runs, so nothing (compression included) buffers the stream.
        reply.hijack();
        response.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          // no-transform: proxies must not compress (and so buffer) the stream either.
          'cache-control': 'no-store, no-transform',
          connection: held.serverClosing ? 'close' : 'keep-alive',
          'x-accel-buffering': 'no',
        });
        response.write(`retry: ${RETRY_MS}\n\n`);
        return response;
      }
    },
  );
};
