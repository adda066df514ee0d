import Type, { type Static } from 'typebox';
import { ERROR_CODES } from '../domain/errors.js';
import { JOB_STATUSES, STAGES } from '../domain/job.js';

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.Enum(ERROR_CODES),
    retryable: Type.Boolean(),
    retryAfterSeconds: Type.Optional(Type.Integer()),
    instance: Type.Optional(Type.String()),
  },
  { description: 'RFC 9457 problem details (application/problem+json).' },
);

export const JobIdParams = Type.Object({
  // No length limit here: anything that is not one of our ids answers 404, like an unknown id.
  id: Type.String({ description: 'Job id (a UUID).' }),
});

export const JobViewSchema = Type.Object(
  {
    id: Type.String(),
    status: Type.Enum(JOB_STATUSES),
    progress: Type.Object({
      stage: Type.Enum(STAGES),
      page: Type.Optional(Type.Integer()),
      pages: Type.Optional(Type.Integer()),
      percent: Type.Integer({ minimum: 0, maximum: 100 }),
    }),
    attempts: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
    deletedAt: Type.Optional(Type.String({ format: 'date-time' })),
    error: Type.Optional(ProblemSchema),
    links: Type.Object({
      self: Type.String(),
      events: Type.String(),
      result: Type.String(),
    }),
  },
  { description: 'A document job.' },
);
export type JobView = Static<typeof JobViewSchema>;

export const DeletionReceiptSchema = Type.Object(
  {
    jobId: Type.String(),
    action: Type.Enum(['acknowledged', 'cancelled', 'deleted'] as const),
    status: Type.Enum(JOB_STATUSES),
    deletedAt: Type.String({ format: 'date-time' }),
    deleted: Type.Array(
      Type.Object({
        artefact: Type.Enum(['upload', 'result', 'data-keys', 'job-record'] as const),
        existed: Type.Boolean(),
      }),
    ),
  },
  { description: 'What was deleted, and when.' },
);

export const PurgeReceiptSchema = Type.Object(
  {
    deletedAt: Type.String({ format: 'date-time' }),
    jobs: Type.Integer(),
    objects: Type.Integer(),
  },
  { description: 'How many jobs and objects were deleted, and when.' },
);

/** The 304 answer to a matching If-None-Match: no body; the ETag and Cache-Control still come. */
export const NotModifiedSchema = Type.Unsafe<undefined>({
  type: 'null',
  description: 'Not modified: the copy named by If-None-Match is current. No body.',
});

/** Standard error responses of an authenticated route, for the OpenAPI document. */
export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    [401, 429, 500, 503, ...statuses].map((status) => [
      status,
      { ...ProblemSchema, description: 'Problem details' },
    ]),
  );
