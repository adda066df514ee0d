import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { eventually } from './test-app.js';
import { listenLocal } from './providers/local-http.js';

/** One request the receiver got, with its raw body. */
export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** performance.now() at arrival. */
  readonly at: number;
}

/** How the receiver answers a request: a status (and headers), or never. */
export type Reply = { readonly status: number; readonly headers?: Record<string, string> } | 'hang';

/** A real HTTP server on 127.0.0.1 recording every request. */
export interface WebhookReceiver {
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedWebhook[];
  /** Waits until `count` requests have arrived; fails after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** Starts a receiver; `reply` decides the answer to the n-th request (0-based). */
export async function startWebhookReceiver(
  reply: (index: number, path: string) => Reply = () => ({ status: 204 }),
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const hanging = new Set<IncomingMessage>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const index = received.length;
      received.push({
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
      });
      const answer = reply(index, path);
      if (answer === 'hang') {
        hanging.add(request);
        return;
      }
      response.writeHead(answer.status, answer.headers).end();
    });
  });
  const { url, close } = await listenLocal(server, hanging);
  return {
    url,
    port: Number(new URL(url).port),
    received,
    waitFor: (count, timeoutMs = 5000) =>
      eventually(
        () => (received.length >= count ? received : undefined),
        timeoutMs,
        `${count} webhook requests`,
      ),
    close,
  };
}
