import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

/** One POST of a webhook notice. */
export interface WebhookRequest {
  readonly url: URL;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Hands the socket the addresses that were checked (see checkedLookup). */
  readonly lookup: LookupFunction;
  /** Fires when the attempt's time is up (its DNS lookup included); ends in WebhookTimeoutError. */
  readonly timeout: AbortSignal;
  /** Aborts the request (shutdown). */
  readonly signal: AbortSignal;
}

/** What came back: the status and the headers that decide a retry. */
export interface WebhookResponse {
  readonly status: number;
  readonly retryAfter: string | undefined;
}

/** The receiver did not answer within the time limit. */
export class WebhookTimeoutError extends Error {
  readonly code = 'webhook_timeout';
  readonly retryable = true;
  constructor() {
    super('webhook request timed out');
    this.name = 'WebhookTimeoutError';
  }
}

/**
 * Sends one POST with Node's HTTP client, which never follows redirects: a 3xx comes back as a
 * status like any other. A fresh connection each time (no agent pool), so every attempt goes
 * through its own address check. The response body is drained unread.
 */
export function sendWebhook(options: WebhookRequest): Promise<WebhookResponse> {
  const request = options.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const { timeout } = options;
  const signal = AbortSignal.any([options.signal, timeout]);
  return new Promise((resolve, reject) => {
    const req = request(
      options.url,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': Buffer.byteLength(options.body) },
        lookup: options.lookup,
        agent: false,
        signal,
      },
      (response) => {
        response.resume();
        response.on('error', () => undefined); // an abort after the status is known is fine
        resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] });
      },
    );
    req.on('error', (error) => {
      reject(timeout.aborted && !options.signal.aborted ? new WebhookTimeoutError() : error);
    });
    req.end(options.body);
  });
}
