import Anthropic from '@anthropic-ai/sdk';
import { ProviderError, kindOfStatus, retryAfterMs } from '../../providers/provider-error.js';

/** What the Anthropic SDK threw, as a ProviderError (the SDK's own retries are off). */
export function classifyClaudeError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof Anthropic.APIConnectionTimeoutError)
    return new ProviderError('claude', 'timeout', { cause: error });
  if (error instanceof Anthropic.APIConnectionError)
    return new ProviderError('claude', 'network', { cause: error });
  if (error instanceof Anthropic.APIError && typeof error.status === 'number') {
    const headers: Headers | undefined = error.headers as Headers | undefined;
    return new ProviderError('claude', kindOfStatus(error.status), {
      cause: error,
      status: error.status,
      retryAfterMs: headers === undefined ? undefined : retryAfterMs((name) => headers.get(name)),
    });
  }
  // A body that is not JSON, or cut short: the answer is unusable, a new try may not be.
  return new ProviderError('claude', 'invalid_response', { cause: error });
}
