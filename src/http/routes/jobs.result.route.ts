import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AnalysisResultSchema, type AnalysisResult } from '../../domain/result.js';
import { toFhirBundle } from '../../pipeline/format/fhir.formatter.js';
import type { RouteDeps } from '../route-deps.js';
import { JobIdParams, problemResponses } from '../schemas.js';

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

export const jobsResultRoute: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  app.get(
    '/v1/jobs/:id/result',
    {
      schema: {
        summary: 'The analysis result',
        description:
          'Repeatable until the job is acknowledged (DELETE) or expires, then 410. A job that failed answers with its problem; one still running answers 404 with `retryable: true`. `?format=fhir` or `Accept: application/fhir+json` answers a FHIR R4 Bundle (application/fhir+json) instead of the JSON result; `?format` wins over Accept.',
        tags: ['jobs'],
        params: JobIdParams,
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('fhir')])),
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
          ...problemResponses(404, 410, 422),
        },
      },
    },
    async (request, reply) => {
      const format =
        request.query.format ?? (acceptsFhirFirst(request.headers.accept) ? 'fhir' : 'json');
      const stored = await deps.jobs.result(request.owner, request.params.id);
      const result = JSON.parse(stored.toString('utf8')) as AnalysisResult;
      stored.fill(0);
      deps.audit.record({ type: 'job.delivered', jobId: request.params.id, format });
      reply.header('cache-control', 'no-store').header('vary', 'accept');
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
