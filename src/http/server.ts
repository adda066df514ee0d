import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import underPressure from '@fastify/under-pressure';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.js';
import { ServiceError } from '../domain/errors.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Authenticator } from './auth.js';
import { openApiOptions } from './openapi.js';
import { registerProblemHandlers, sendProblem } from './problem.js';
import type { RouteDeps } from './route-deps.js';
import { documentsCreateRoute } from './routes/documents.create.route.js';
import { healthRoute, type HealthDeps } from './routes/health.route.js';
import { jobsDeleteRoute } from './routes/jobs.delete.route.js';
import { jobsEventsRoute } from './routes/jobs.events.route.js';
import { jobsGetRoute } from './routes/jobs.get.route.js';
import { jobsResultRoute } from './routes/jobs.result.route.js';
import { meDataDeleteRoute } from './routes/me.data.delete.route.js';
import { metricsRoute } from './routes/metrics.route.js';

export interface ServerDeps extends RouteDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly authenticator: Authenticator;
  readonly health: HealthDeps;
}

/** Raw upload bodies are handed to the route as streams, never buffered by Fastify. */
const RAW_TYPES = ['application/pdf', 'application/x-pdf', 'application/octet-stream'];
const RAW_IMAGE_TYPES = /^image\/[\w.+-]+$/;

/** Query parameters that would put a token into URLs, and so into proxy and access logs. */
const TOKEN_PARAMS = ['access_token', 'token', 'jwt', 'id_token'];

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { config, metrics } = deps;
  // Typed as Fastify's base logger so the instance type matches the route plugins'.
  const logger: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance: logger,
    // We log one line per request ourselves (route pattern, status, duration; never the URL).
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    trustProxy: config.http.trustProxy,
    bodyLimit: 64 * 1024,
    return503OnClosing: true,
    // Slow mobile uploads need minutes, not forever.
    requestTimeout: 10 * 60 * 1000,
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerProblemHandlers(app);
  await app.register(helmet, { global: true });
  await app.register(swagger, openApiOptions());
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ route, method: request.method, status: String(reply.statusCode) });
    const level =
      route === '/healthz' || route === '/readyz' || route === '/metrics' ? 'debug' : 'info';
    request.log[level](
      {
        method: request.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  for (const types of [RAW_TYPES, RAW_IMAGE_TYPES])
    app.addContentTypeParser(types, (_request, payload, done) => {
      done(null, payload);
    });

  await app.register(healthRoute, deps.health);
  await app.register(metricsRoute, { metrics });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (v1) => {
    v1.decorateRequest('owner', '');
    v1.addHook('onRequest', async (request) => {
      const query = request.query as Record<string, unknown> | undefined;
      if (TOKEN_PARAMS.some((name) => query?.[name] !== undefined))
        throw new ServiceError('unauthorized', {
          detail: 'Send the token in the Authorization header, never in the URL.',
        });
      request.owner = await deps.authenticator.authenticate(request.headers.authorization);
    });
    await v1.register(underPressure, {
      maxEventLoopDelay: config.http.maxEventLoopDelayMs,
      pressureHandler: (_request, reply) => {
        void sendProblem(reply, new ServiceError('overloaded', { retryAfterSeconds: 5 }));
      },
    });
    await v1.register(rateLimit, {
      max: config.http.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => request.owner,
      errorResponseBuilder: (_request, context) =>
        new ServiceError('rate_limited', {
          retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)),
        }),
    });
    await v1.register(multipart, { throwFileSizeLimit: true });
    for (const route of [
      documentsCreateRoute,
      jobsGetRoute,
      jobsEventsRoute,
      jobsResultRoute,
      jobsDeleteRoute,
      meDataDeleteRoute,
    ])
      await v1.register(route, deps);
  });
  return app;
}
