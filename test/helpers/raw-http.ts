import { request, type IncomingHttpHeaders } from 'node:http';
import { parseSseBlock, type SseEvent } from '../../src/client/sse.js';

/** An answer as it came over the socket: body bytes not decoded (fetch would decompress them). */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Bytes read from the socket for this answer: status line, headers and body. */
  readonly wireBytes: number;
}

/** GET over a fresh connection, the body left as sent (compressed or not). */
export function rawGet(
  url: string,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false, ...(signal ? { signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          wireBytes: res.socket.bytesRead,
        });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

export type { SseEvent };

/** A Server-Sent Events stream read event by event, with the raw text kept for inspection. */
export interface EventStream {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Everything received so far, comments and fields included. */
  text(): string;
  /** The next event, or undefined once the stream ended. */
  next(): Promise<SseEvent | undefined>;
  /** Events received and not yet taken by next(). */
  buffered(): number;
  /** Drops the connection, as a phone losing its network would. */
  close(): void;
}

/** Opens an event stream; resolves once the status and headers arrived. */
export function openEventStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let text = '';
      let pending = '';
      let ended = false;
      const queue: SseEvent[] = [];
      let waiter: (() => void) | undefined;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        pending += chunk;
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const event = parseSseBlock(pending.slice(0, end));
          pending = pending.slice(end + 2);
          if (event !== undefined) queue.push(event);
        }
        waiter?.();
      });
      const finish = () => {
        ended = true;
        waiter?.();
      };
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        text: () => text,
        buffered: () => queue.length,
        async next() {
          while (queue.length === 0 && !ended) await new Promise<void>((wake) => (waiter = wake));
          return queue.shift();
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', (error) => {
      reject(error);
    });
    req.end();
  });
}
