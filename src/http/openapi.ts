import type { FastifyDynamicSwaggerOptions, SwaggerTransformObject } from '@fastify/swagger';
import { MEDIA_TYPES } from '../domain/media-type.js';

const VERSION = '1.0.0';

export function openApiOptions(): FastifyDynamicSwaggerOptions {
  return {
    transformObject: transformOpenApi,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Serenya processing API',
        version: VERSION,
        description:
          'Stateless processing of medical documents. Upload, follow progress, read the result, acknowledge. Every error is RFC 9457 problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearer: [] }],
      tags: [
        { name: 'documents', description: 'Uploads' },
        { name: 'uploads', description: 'Resumable uploads (tus 1.0)' },
        { name: 'jobs', description: 'Progress, results and deletion' },
        { name: 'me', description: "The caller's data" },
        { name: 'operations', description: 'Health and metrics (no authentication)' },
      ],
    },
  };
}

type OpenApiDocument = Record<string, unknown> & {
  paths?: Record<string, Record<string, Record<string, unknown>>>;
};

/** Adds what route schemas cannot express: the streamed upload body, and public operations. */
const transformOpenApi: SwaggerTransformObject = (input) => {
  if (!('openapiObject' in input)) return input.swaggerObject;
  const doc = input.openapiObject as OpenApiDocument;
  const upload = doc.paths?.['/v1/documents']?.post;
  if (upload !== undefined) {
    const binary = { schema: { type: 'string', contentMediaType: 'application/octet-stream' } };
    upload.requestBody = {
      required: true,
      content: {
        ...Object.fromEntries(
          [...MEDIA_TYPES, 'application/octet-stream'].map((type) => [type, binary]),
        ),
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['file'],
            properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
          },
        },
      },
    };
  }
  for (const path of ['/healthz', '/readyz', '/metrics']) {
    const get = doc.paths?.[path]?.get;
    if (get !== undefined) get.security = [];
  }
  return doc;
};
