/**
 * The closed error catalogue. Every error the app can see carries one of these codes; the
 * `detail` texts are written for the person holding the phone and never contain document data.
 */
export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'expired',
  'rate_limited',
  'overloaded',
  'unsupported_media_type',
  'file_too_large',
  'too_many_pages',
  'password_protected',
  'corrupt_document',
  'no_text_found',
  'processing_timeout',
  'provider_unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorSpec {
  /** HTTP status used when the error answers a request. */
  readonly status: number;
  /** Short, stable summary of the problem type. */
  readonly title: string;
  /** Default user-facing explanation with what to do next. */
  readonly detail: string;
  /** Whether trying again later (same request, same file) can succeed. */
  readonly retryable: boolean;
}

export const ERROR_CATALOGUE: Readonly<Record<ErrorCode, ErrorSpec>> = {
  bad_request: {
    status: 400,
    title: 'Bad request',
    detail: 'The request is not valid. Check the parameters and try again.',
    retryable: false,
  },
  unauthorized: {
    status: 401,
    title: 'Unauthorized',
    detail: 'Your session is missing or has expired. Sign in again and retry.',
    retryable: false,
  },
  forbidden: {
    status: 403,
    title: 'Forbidden',
    detail: 'Your account is not allowed to do this.',
    retryable: false,
  },
  not_found: {
    status: 404,
    title: 'Not found',
    detail:
      'There is no such document job. It may have been deleted or it belongs to someone else.',
    retryable: false,
  },
  expired: {
    status: 410,
    title: 'Expired',
    detail:
      'This result has been deleted, either because you acknowledged it or because it expired. Upload the document again to get a new result.',
    retryable: false,
  },
  rate_limited: {
    status: 429,
    title: 'Too many requests',
    detail: 'You are sending requests too quickly. Wait a moment and try again.',
    retryable: true,
  },
  overloaded: {
    status: 503,
    title: 'Service busy',
    detail: 'The service is busy right now. Try again in a little while.',
    retryable: true,
  },
  unsupported_media_type: {
    status: 415,
    title: 'Unsupported file type',
    detail: 'This file type is not supported. Upload a PDF, a JPEG or a PNG.',
    retryable: false,
  },
  file_too_large: {
    status: 413,
    title: 'File too large',
    detail:
      'The file is too large. Upload a smaller file, for example only the pages with results.',
    retryable: false,
  },
  too_many_pages: {
    status: 422,
    title: 'Too many pages',
    detail: 'The document has too many pages. Upload only the pages with your results.',
    retryable: false,
  },
  password_protected: {
    status: 422,
    title: 'Password protected',
    detail:
      'The document is protected by a password. Open it, save a copy without a password, and upload that copy.',
    retryable: false,
  },
  corrupt_document: {
    status: 422,
    title: 'Unreadable document',
    detail:
      'The file appears to be damaged or is not a valid document. Download it again from your lab and retry.',
    retryable: false,
  },
  no_text_found: {
    status: 422,
    title: 'No text found',
    detail:
      'No readable text was found in the document. Make sure it is a lab report and that the text is sharp and well lit.',
    retryable: false,
  },
  processing_timeout: {
    status: 422,
    title: 'Processing took too long',
    detail: 'The document took too long to process. Try uploading fewer pages or a clearer copy.',
    retryable: false,
  },
  provider_unavailable: {
    status: 503,
    title: 'Provider unavailable',
    detail: 'A service we depend on is unavailable. Try again in a few minutes.',
    retryable: true,
  },
  internal: {
    status: 500,
    title: 'Internal error',
    detail: 'Something went wrong on our side. Try again in a few minutes.',
    retryable: true,
  },
};

export interface ServiceErrorOptions {
  /** A more specific user-facing detail; must never contain document content or identifiers. */
  readonly detail?: string;
  readonly cause?: unknown;
  readonly retryAfterSeconds?: number;
  /** Overrides the catalogue's retryability (for example a transient storage failure). */
  readonly retryable?: boolean;
  /**
   * Overrides the HTTP status, for a code reported about something else than the request itself
   * (a failed job's code, answered on its result with 422).
   */
  readonly status?: number;
}

/** The only error type that crosses module boundaries; its message is the code, never content. */
export class ServiceError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly detail: string;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, options: ServiceErrorOptions = {}) {
    super(code, { cause: options.cause });
    this.name = 'ServiceError';
    const spec = ERROR_CATALOGUE[code];
    this.code = code;
    this.status = options.status ?? spec.status;
    this.retryable = options.retryable ?? spec.retryable;
    this.detail = options.detail ?? spec.detail;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}

/** Maps anything thrown to a ServiceError; unknown errors become `internal`. */
export function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  return new ServiceError('internal', { cause: error });
}
