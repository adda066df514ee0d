import {
  ProviderError,
  kindOfStatus,
  retryAfterMs,
  type ProviderFailureKind,
} from '../../providers/provider-error.js';

const THROTTLED = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'LimitExceededException',
]);
const REJECTED = new Set([
  'AccessDeniedException',
  'InvalidParameterException',
  'InvalidS3ObjectException',
  'InvalidKMSKeyException',
  'InvalidJobIdException',
  'ValidationException',
  'IdempotentParameterMismatchException',
]);
/** Textract refusing the document itself: not a provider failure, the embedded reader decides. */
const DOCUMENT_REFUSALS = new Set([
  'BadDocumentException',
  'UnsupportedDocumentException',
  'DocumentTooLargeException',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

/** What an SDK v3 error carries that we read; all optional, as anything may be thrown. */
interface SdkErrorFields {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly $response?: { readonly headers?: Record<string, string | undefined> };
}

/** Marks an answer in which Textract refused the document (bad, unsupported, too large). */
export const REFUSED = Symbol('textract refused the document');
export type Refused = typeof REFUSED;

/** Runs one SDK call, returning REFUSED instead of throwing when Textract refuses the document. */
export async function refusable<T>(send: () => Promise<T>): Promise<T | Refused> {
  try {
    return await send();
  } catch (error) {
    if (DOCUMENT_REFUSALS.has(nameOf(error))) return REFUSED;
    throw error;
  }
}

/**
 * Turns what the Textract or S3 SDK threw into a ProviderError. Our own per-call timeout is
 * recognised by ProviderCaller before this runs; the SDK names a dropped socket `TimeoutError`,
 * which is a network failure here.
 */
export function classifyTextractError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const fields = fieldsOf(error);
  const name = nameOf(error);
  const status =
    typeof fields.$metadata?.httpStatusCode === 'number'
      ? fields.$metadata.httpStatusCode
      : undefined;
  const headers = fields.$response?.headers ?? {};
  const options = {
    cause: error,
    status,
    retryAfterMs: retryAfterMs((header) => headers[header]),
  };
  return new ProviderError('textract', kindOf(name, fields.code, status), options);
}

function kindOf(name: string, code: unknown, status: number | undefined): ProviderFailureKind {
  if (THROTTLED.has(name)) return 'throttled';
  if (name === 'InternalServerError') return 'server_error';
  if (REJECTED.has(name) || DOCUMENT_REFUSALS.has(name)) return 'rejected';
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'network';
  if (status !== undefined && status >= 300) return kindOfStatus(status);
  // A 2xx whose body the SDK could not parse: truncated or not JSON.
  if (name === 'SyntaxError' || status !== undefined) return 'invalid_response';
  if (name === 'TimeoutError') return 'timeout';
  return 'network';
}

function fieldsOf(error: unknown): SdkErrorFields {
  return typeof error === 'object' && error !== null ? error : {};
}

function nameOf(error: unknown): string {
  const { name } = fieldsOf(error);
  return typeof name === 'string' ? name : '';
}
