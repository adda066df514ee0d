import { createServer, type IncomingMessage } from 'node:http';
import { listenLocal } from './local-http.js';

export const TEST_ANTHROPIC_KEY = 'sk-ant-test-0123456789';

/** One Messages API request as received. */
export interface MessagesCall {
  readonly body: {
    model: string;
    max_tokens: number;
    system?: string;
    tools?: { name: string; input_schema: unknown; strict?: boolean }[];
    tool_choice?: unknown;
    messages: { role: string; content: string }[];
  };
  readonly rawBody: string;
  readonly headers: IncomingMessage['headers'];
}

/**
 * What to answer: a message (`{ message }`), an API error in Anthropic's shape
 * (`{ status, errorType }`, e.g. 529 overloaded_error), raw bytes (truncated JSON), no answer
 * (`hang`) or a dropped connection (`destroy`).
 */
export type MessagesReply =
  | { readonly message: Record<string, unknown> }
  | {
      readonly status: number;
      readonly errorType: string;
      readonly headers?: Record<string, string>;
    }
  | { readonly raw: string }
  | { readonly hang: true }
  | { readonly destroy: true };

export interface AnthropicServer {
  readonly url: string;
  readonly calls: MessagesCall[];
  close(): Promise<void>;
}

/**
 * A local server speaking the Anthropic Messages API (`POST /v1/messages`): it checks the key
 * (`x-api-key`, or `Authorization: Bearer` as the current SDK sends it) and the
 * `anthropic-version` header as the API does (401 authentication_error), and
 * answers with bodies shaped like the API reference's examples.
 */
export async function startAnthropicServer(
  handler: (call: MessagesCall) => MessagesReply | Promise<MessagesReply>,
): Promise<AnthropicServer> {
  const calls: MessagesCall[] = [];
  const hanging = new Set<IncomingMessage>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
          response.writeHead(status, {
            'content-type': 'application/json',
            'request-id': `req_test_${calls.length}`,
            ...headers,
          });
          response.end(JSON.stringify(body));
        };
        if (request.method !== 'POST' || !request.url?.startsWith('/v1/messages')) {
          send(404, apiError('not_found_error'));
          return;
        }
        const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
        if ((request.headers['x-api-key'] ?? bearer) !== TEST_ANTHROPIC_KEY) {
          send(401, apiError('authentication_error'));
          return;
        }
        if (request.headers['anthropic-version'] === undefined) {
          send(400, apiError('invalid_request_error'));
          return;
        }
        const call: MessagesCall = {
          body: JSON.parse(rawBody) as MessagesCall['body'],
          rawBody,
          headers: request.headers,
        };
        calls.push(call);
        const reply = await handler(call);
        if ('hang' in reply) {
          hanging.add(request);
          return;
        }
        if ('destroy' in reply) {
          request.socket.destroy();
          return;
        }
        if ('raw' in reply) {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(reply.raw);
          return;
        }
        if ('errorType' in reply) {
          send(reply.status, apiError(reply.errorType), reply.headers);
          return;
        }
        send(200, reply.message);
      })().catch((error: unknown) => {
        response.writeHead(500);
        response.end(String(error));
      });
    });
  });
  const { url, close } = await listenLocal(server, hanging);
  return {
    url,
    close,
    calls,
  };
}

function apiError(type: string) {
  return { type: 'error', error: { type, message: `${type} from the test server` } };
}

/** A Messages API answer calling `record_findings` with `input`, as the API reference shows one. */
export function toolUseMessage(
  input: unknown,
  options: {
    model?: string;
    inputTokens?: number;
    outputTokens?: number;
    stopReason?: string;
  } = {},
): Record<string, unknown> {
  return {
    id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
    type: 'message',
    role: 'assistant',
    model: options.model ?? 'claude-sonnet-5-5-20260928',
    content: [
      { type: 'text', text: 'Recording the findings.' },
      { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'record_findings', input },
    ],
    stop_reason: options.stopReason ?? 'tool_use',
    stop_sequence: null,
    usage: {
      input_tokens: options.inputTokens ?? 1200,
      output_tokens: options.outputTokens ?? 300,
    },
  };
}

/** The numbered lines of the document as the request carried them ("page:line | text"). */
export function sentLines(call: MessagesCall): { page: number; line: number; text: string }[] {
  const content = call.body.messages[0]?.content ?? '';
  const document = /<document>\n([\s\S]*?)\n<\/document>/.exec(content)?.[1] ?? '';
  return document.split('\n').flatMap((row) => {
    const match = /^(\d+):(\d+) \| (.*)$/.exec(row);
    return match === null
      ? []
      : [{ page: Number(match[1]), line: Number(match[2]), text: match[3] ?? '' }];
  });
}
