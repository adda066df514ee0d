import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AnalysisResultSchema, type AnalysisResult } from '../../domain/result.js';
import { toFhirBundle } from '../../pipeline/format/fhir.formatter.js';
import { compactJson, compactSchema } from '../compact.js';
import { matchesTag, versionTag } from '../etag.js';
import type { RouteDeps } from '../route-deps.js';
import { JobIdParams, NotModifiedSchema, problemResponses } from '../schemas.js';

export const FHIR_MEDIA_TYPE = 'application/fhir+json';

/** For the OpenAPI document only: the FHIR branch serializes the bundle itself. */
const FhirBundleSchema = Type.Object(
  {
    resourceType: Type.Literal('Bundle'),
    id: Type.String(),
    type: Type.Literal('collection'),
    timestamp: Type.String({ format: 'date-time' }),
    entry: Type.Array(
      Type.Object({
        fullUrl: Type.String({ description: 'urn:uuid:…' }),
        resource: Type.Object(
          {
            resourceType: Type.Enum([
              'Patient',
              'DiagnosticReport',
              'Observation',
              'MedicationStatement',
              'Condition',
            ] as const),
          },
          { additionalProperties: true },
        ),
      }),
    ),
  },
  {
    description:
      'A FHIR R4 (4.0.1) Bundle of type collection: an anonymous Patient (id only), a DiagnosticReport over one laboratory Observation per lab, a vital-signs Observation per vital, a MedicationStatement per medication and a Condition per condition (a negated one with verificationStatus refuted). No extensions, no personal details. See http://hl7.org/fhir/R4/bundle.html.',
    additionalProperties: true,
  },
);

/**
 * Whether the Accept header prefers FHIR: `application/fhir+json` named with a quality at least
 * as high as any range that JSON matches (`application/json`, `application/*`, `*\/*`).
 */
export function acceptsFhirFirst(accept: string | undefined): boolean {
  let fhir = 0;
  let json = 0;
  for (const part of (accept ?? '').split(',')) {
    const [range = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (!Number.isFinite(quality)) continue;
    if (range === FHIR_MEDIA_TYPE) fhir = Math.max(fhir, quality);
    else if (['application/json', 'application/*', '*/*'].includes(range))
      json = Math.max(json, quality);
  }
  return fhir > 0 && fhir >= json;
}

/** Name of the compact result's schema among the OpenAPI document's components. */
export const COMPACT_RESULT_SCHEMA = 'AnalysisResultCompact';

/** The result without null members and empty arrays (`?shape=compact`), for the OpenAPI document. */
const CompactResultSchema = compactSchema(AnalysisResultSchema, {
  title: 'Serenya analysis result, compact shape',
  description:
    'The result (schemaVersion "1") with every member that would be null or an empty array left out, at any depth; everything else is as in the full shape. Read an absent member as null, or as an empty array where the full shape has an array.',
});

export const jobsResultRoute: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/v1/jobs/:id/result',
    {
      schema: {
        summary: 'The analysis result',
        description: `Repeatable until the job is acknowledged (DELETE) or expires, then 410. A job that failed answers with its problem; one still running answers 404 with \`retryable: true\`. \`?format=fhir\` or \`Accept: application/fhir+json\` answers a FHIR R4 Bundle (application/fhir+json) instead of the JSON result; \`?format\` wins over Accept. \`?shape=compact\` leaves null members and empty arrays out of the JSON result (schema: #/components/schemas/${COMPACT_RESULT_SCHEMA}); the default shape is unchanged. Answers carry a weak \`ETag\` (job version and representation): a result never changes once ready, so \`If-None-Match\` with it answers 304 with no body. \`Cache-Control: no-store\` still applies: keep the result in app storage, not an HTTP cache.`,
        tags: ['jobs'],
        params: JobIdParams,
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('fhir')])),
          shape: Type.Optional(
            Type.Union([Type.Literal('full'), Type.Literal('compact')], {
              description:
                'JSON result only: `compact` leaves out members that are null or empty arrays. Default `full`.',
            }),
          ),
        }),
        response: {
          200: {
            description:
              'The result (application/json) or its FHIR R4 Bundle (application/fhir+json).',
            content: {
              'application/json': { schema: AnalysisResultSchema },
              [FHIR_MEDIA_TYPE]: { schema: FhirBundleSchema },
            },
          },
          304: NotModifiedSchema,
          ...problemResponses(400, 404, 410, 422),
        },
      },
      config: {
        // The compact shape has no response schema of its own (one per status and media
        // type); publish it as a component that the description names.
        swaggerTransform: ({ schema, url, ...document }) => {
          if ('openapiObject' in document) {
            const components = (document.openapiObject.components ??= {});
            (components.schemas ??= {})[COMPACT_RESULT_SCHEMA] = CompactResultSchema;
          }
          return { schema, url };
        },
      },
    },
    async (request, reply) => {
      const { owner, params, query } = request;
      const format = query.format ?? (acceptsFhirFirst(request.headers.accept) ? 'fhir' : 'json');
      const shape = format === 'json' ? (query.shape ?? 'full') : 'full';
      const variant = format === 'fhir' ? 'fhir' : shape === 'compact' ? 'compact' : 'json';
      // no-store: the result is health data; no HTTP cache (the phone's included) may keep it.
      // The ETag still lets an app that kept it in its own storage revalidate for free.
      void reply.header('cache-control', 'no-store').header('vary', 'accept, accept-encoding');
      // Decided on the record alone, before anything is read or decrypted. A stored result
      // never changes (a FHIR bundle only in its assembly timestamp: the tag is weak);
      // acknowledge, cancel or expiry change the version or answer 410.
      const record = await deps.jobs.get(owner, params.id);
      const etag = versionTag(record.id, record.version, variant);
      const ready = record.status === 'succeeded' && record.resultKey !== undefined;
      if (ready && matchesTag(request.headers['if-none-match'], etag))
        return reply.code(304).header('etag', etag).send(undefined);
      const stored = await deps.jobs.result(owner, params.id);
      const result = JSON.parse(stored.toString('utf8')) as AnalysisResult;
      stored.fill(0);
      deps.audit.record({ type: 'job.delivered', jobId: params.id, format });
      void reply.header('etag', etag);
      if (shape === 'compact') {
        // Through the documented schema first, so only documented fields leave, then compacted.
        const documented: unknown = JSON.parse(
          reply.serializeInput(result, '200', 'application/json') as string,
        );
        // Typed as the full shape for send() only: the serializer writes it as it is.
        const compact = compactJson(documented) as AnalysisResult;
        return reply
          .type('application/json')
          .serializer((payload) => JSON.stringify(payload))
          .send(compact);
      }
      if (format === 'fhir')
        // Serialized here, not through the response schema: the bundle is built from
        // documented fields only, and its shape is FHIR's, not the result's.
        return reply
          .type(FHIR_MEDIA_TYPE)
          .serializer((payload) => JSON.stringify(payload))
          .send(toFhirBundle(result));
      // Re-serialized through the application/json response schema: only documented fields leave.
      return reply.type('application/json').send(result);
    },
  );
};
