import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import underPressure from '@fastify/under-pressure';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { randomUUID } from 'node:crypto';
import { constants as zlib } from 'node:zlib';
import type { Config } from '../config/config.js';
import { ServiceError } from '../domain/errors.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Authenticator } from './auth.js';
import { openApiOptions } from './openapi.js';
import { fromFramework, registerProblemHandlers, sendProblem } from './problem.js';
import type { RouteDeps } from './route-deps.js';
import { documentsCreateRoute } from './routes/documents.create.route.js';
import { healthRoute, type HealthDeps } from './routes/health.route.js';
import { jobsDeleteRoute } from './routes/jobs.delete.route.js';
import { jobsEventsRoute } from './routes/jobs.events.route.js';
import { jobsGetRoute } from './routes/jobs.get.route.js';
import { jobsResultRoute } from './routes/jobs.result.route.js';
import { meDataDeleteRoute } from './routes/me.data.delete.route.js';
import { metricsRoute } from './routes/metrics.route.js';
import { uploadsRoute } from './routes/uploads.route.js';

export interface ServerDeps extends RouteDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly authenticator: Authenticator;
  readonly health: HealthDeps;
  /** False in a worker process: only health, readiness and metrics are served. */
  readonly api?: boolean;
  /** Shares the rate limits across replicas; absent, each process counts on its own. */
  readonly rateLimitStore?: Redis;
}

const closingProblem = () =>
  new ServiceError('overloaded', {
    detail: 'The service is restarting. Try again in a few seconds.',
    retryAfterSeconds: 5,
  });

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
    // Our own closing check answers problem+json (and closes the connection) instead.
    return503OnClosing: false,
    // Malformed URLs answer problem+json like everything else.
    frameworkErrors: (error, _request, reply) => {
      void sendProblem(reply, fromFramework(error));
    },
    // Long ids reach the route (and answer 404) instead of Fastify's own 414.
    routerOptions: { maxParamLength: 1000 },
    // Slow mobile uploads need minutes, not forever.
    requestTimeout: 10 * 60 * 1000,
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerProblemHandlers(app);
  app.addHook('onRequest', async () => {
    if (deps.lifecycle.closing()) throw closingProblem();
  });
  app.addHook('onSend', async (request, reply, payload) => {
    // A body we did not read (an early error, an idempotent replay) or a shutdown: do not leave
    // the client sending into, or waiting on, a connection we will not use again.
    if (deps.lifecycle.closing() || !request.raw.complete) void reply.header('connection', 'close');
    return payload;
  });
  await app.register(helmet, { global: true });
  // JSON answers (results, FHIR, job views, problems, the OpenAPI document) travel as br or gzip
  // per Accept-Encoding: mobile data is slow and metered. Registered before the routes, which it
  // hooks as they are added. text/event-stream is never compressed (each event must flush), and
  // hijacked answers (SSE, tus) bypass it entirely.
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    // Below ~1 KiB the saving is smaller than a TCP segment and not worth the CPU.
    threshold: 1024,
    // Quality 5 (bench/mobile-bytes.bench.ts, on a sample result and its FHIR bundle): ~7-9 %
    // smaller than quality 4 or gzip for ~10 µs more per answer; 6-9 gain nothing more, and 11
    // saves another ~10 % at ~40x the CPU. A result is fetched once or twice; bytes matter more.
    brotliOptions: {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT },
    },
    // Uploads are PDFs and images: a compressed request body is never expected, and inflating
    // one would only be a way around the upload limits.
    globalDecompression: false,
  });
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

  if (deps.api === false) return app;
  await app.register(async (v1) => {
    v1.decorateRequest('owner', '');
    await v1.register(rateLimit, {
      global: false,
      timeWindow: 60_000,
      ...(deps.rateLimitStore === undefined
        ? {}
        : {
            redis: deps.rateLimitStore,
            nameSpace: 'serenya-rate:',
            // During a Redis outage the upload itself answers 503 fast; the limiter must not hang.
            skipOnError: true,
          }),
    });
    // Two limiters on one request: createRateLimit, because the plugin's own hook runs only
    // once per request.
    const limited = (max: number, key: (request: FastifyRequest) => string) => {
      const check = v1.createRateLimit({ max, keyGenerator: key });
      return async (request: FastifyRequest, reply: FastifyReply) => {
        const limit = await check(request);
        if (limit.isAllowed) return; // allow-listed
        void reply
          .header('x-ratelimit-limit', limit.max)
          .header('x-ratelimit-remaining', limit.remaining);
        if (limit.isExceeded)
          throw new ServiceError('rate_limited', {
            retryAfterSeconds: Math.max(1, limit.ttlInSeconds),
          });
      };
    };
    // Per address first (generous: mobile carriers put many users behind one address), so
    // floods of bad tokens are limited too; then per user, once the token says who it is.
    v1.addHook(
      'onRequest',
      limited(config.http.rateLimitPerIpPerMinute, (request) => `ip:${request.ip}`),
    );
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
    v1.addHook(
      'onRequest',
      limited(config.http.rateLimitPerMinute, (request) => `user:${request.owner}`),
    );
    await v1.register(multipart, { throwFileSizeLimit: true });
    for (const route of [
      documentsCreateRoute,
      jobsGetRoute,
      jobsEventsRoute,
      jobsResultRoute,
      jobsDeleteRoute,
      meDataDeleteRoute,
      uploadsRoute,
    ])
      await v1.register(route, deps);
  });
  return app;
}
