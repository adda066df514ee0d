import {
  kindOfStatus,
  ProviderError,
  retryAfterMs,
  type ProviderFailureKind,
} from '../../providers/provider-error.js';

const BY_NAME: Readonly<Record<string, ProviderFailureKind>> = {
  ThrottlingException: 'throttled',
  TooManyRequestsException: 'throttled',
  ServiceUnavailableException: 'overloaded',
  InternalServerException: 'server_error',
  InvalidRequestException: 'rejected',
  TextSizeLimitExceededException: 'rejected',
  InvalidEncodingException: 'rejected',
  ValidationException: 'rejected',
  AbortError: 'timeout',
};

// Socket failures: the SDK's node handler reports some of them under the name TimeoutError.
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

interface SdkErrorLike {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly $response?: { readonly headers?: Record<string, string | undefined> };
}

/**
 * Turns what the Comprehend Medical client threw into a ProviderError: by the AWS error name
 * first (a throttle is a 400), then by HTTP status; an answer whose body could not be parsed is
 * `invalid_response`, no answer at all is `network`. The SDK error is kept only as `cause`.
 */
export function classifyComprehendError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const e: SdkErrorLike = typeof error === 'object' && error !== null ? error : {};
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const status =
    typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const options = { cause: error, status, retryAfterMs: retryAfter(e.$response?.headers) };
  const named = BY_NAME[name];
  if (named !== undefined) return new ProviderError('comprehend', named, options);
  if (status !== undefined && status >= 400)
    return new ProviderError('comprehend', kindOfStatus(status), options);
  if (NETWORK_CODES.has(code)) return new ProviderError('comprehend', 'network', options);
  if (name === 'TimeoutError' || code === 'ETIMEDOUT')
    return new ProviderError('comprehend', 'timeout', options);
  if (status !== undefined || unparsable(name, e.message))
    return new ProviderError('comprehend', 'invalid_response', options);
  return new ProviderError('comprehend', 'network', options);
}

/** A body the SDK could not read: a JSON syntax error, or its deserialization wrapper. */
function unparsable(name: string, message: unknown): boolean {
  return (
    name === 'SyntaxError' ||
    (typeof message === 'string' && message.includes('Deserialization error'))
  );
}

function retryAfter(headers: Record<string, string | undefined> | undefined): number | undefined {
  if (headers === undefined) return undefined;
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return retryAfterMs((header) => lower.get(header));
}
