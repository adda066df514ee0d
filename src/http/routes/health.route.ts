import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';

export interface HealthDeps {
  /** Named readiness checks; each resolves when its dependency is reachable. */
  readonly checks: Readonly<Record<string, () => Promise<void>>>;
  /** True once shutdown began, so load balancers stop sending work. */
  readonly closing: () => boolean;
}

const CHECK_TIMEOUT_MS = 2000;

export const healthRoute: FastifyPluginAsyncTypebox<HealthDeps> = async (app, deps) => {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness',
        tags: ['operations'],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: store and queue reachable, not shutting down',
        tags: ['operations'],
        response: {
          200: ReadySchema,
          503: ReadySchema,
        },
      },
    },
    async (_request, reply) => {
      const entries = await Promise.all(
        Object.entries(deps.checks).map(
          async ([name, check]) => [name, await outcome(check)] as const,
        ),
      );
      const checks = Object.fromEntries(entries);
      const ready = !deps.closing() && entries.every(([, result]) => result === 'ok');
      return reply
        .code(ready ? 200 : 503)
        .header('cache-control', 'no-store')
        .send({ status: ready ? 'ready' : 'unavailable', checks });
    },
  );
};

const ReadySchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
  checks: Type.Record(Type.String(), Type.Union([Type.Literal('ok'), Type.Literal('failing')])),
});

async function outcome(check: () => Promise<void>): Promise<'ok' | 'failing'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise(
        (_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS)),
      ),
    ]);
    return 'ok';
  } catch {
    return 'failing';
  } finally {
    clearTimeout(timer);
  }
}
