import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ERROR_CATALOGUE, ServiceError, type ErrorCode } from '../domain/errors.js';

/** RFC 9457 problem details, with our stable `code` and retry hints. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  retryable: boolean;
  retryAfterSeconds?: number;
  instance?: string;
}

export const PROBLEM_TYPE_BASE = 'https://serenya.app/problems/';

export function toProblem(error: ServiceError, requestId?: string): Problem {
  const spec = ERROR_CATALOGUE[error.code];
  return {
    type: PROBLEM_TYPE_BASE + error.code,
    title: spec.title,
    status: error.status,
    // 5xx bodies stay generic whatever the cause said.
    detail: error.status >= 500 && error.code === 'internal' ? spec.detail : error.detail,
    code: error.code,
    retryable: error.retryable,
    ...(error.retryAfterSeconds === undefined
      ? {}
      : { retryAfterSeconds: error.retryAfterSeconds }),
    ...(requestId === undefined ? {} : { instance: `urn:serenya:request:${requestId}` }),
  };
}

export function sendProblem(reply: FastifyReply, error: ServiceError): FastifyReply {
  const problem = toProblem(error, reply.request.id);
  if (error.retryAfterSeconds !== undefined)
    void reply.header('retry-after', String(error.retryAfterSeconds));
  if (error.code === 'unauthorized')
    void reply.header('www-authenticate', 'Bearer realm="serenya", error="invalid_token"');
  return reply
    .code(problem.status)
    .header('cache-control', 'no-store')
    .type('application/problem+json')
    .send(JSON.stringify(problem));
}

/** Maps Fastify's and its plugins' own errors into the closed catalogue. */
export function fromFramework(error: FastifyError | Error): ServiceError {
  if (error instanceof ServiceError) return error;
  const { code, statusCode, validation } = error as FastifyError;
  if (validation !== undefined)
    return new ServiceError('bad_request', {
      detail: `The request is not valid: ${error.message}.`,
      cause: error,
    });
  switch (code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new ServiceError('unsupported_media_type', { cause: error });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return new ServiceError('file_too_large', { cause: error });
    default:
      break;
  }
  if (statusCode === 413) return new ServiceError('file_too_large', { cause: error });
  if (statusCode === 415) return new ServiceError('unsupported_media_type', { cause: error });
  if (statusCode === 429)
    return new ServiceError('rate_limited', { cause: error, retryAfterSeconds: 60 });
  if (statusCode === 503)
    return new ServiceError('overloaded', { cause: error, retryAfterSeconds: 5 });
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500)
    return new ServiceError('bad_request', { cause: error });
  return new ServiceError('internal', { cause: error });
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const service = fromFramework(error);
    if (service.status >= 500 && service.code === 'internal')
      request.log.error({ err: error, reqId: request.id }, 'request failed');
    return sendProblem(reply, service);
  });
  app.setNotFoundHandler((_request, reply) =>
    sendProblem(reply, new ServiceError('not_found', { detail: 'There is no such endpoint.' })),
  );
}
