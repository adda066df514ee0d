import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { listenLocal } from './local-http.js';

/** Credentials the tests give the SDK; the server checks every request is signed with them. */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLETESTKEY01',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
export const TEST_REGION = 'us-east-1';

/** One request as the server received it, after its signature was verified. */
export interface AwsCall {
  /** The `X-Amz-Target` operation, such as `DetectEntitiesV2` or `AnalyzeDocument`. */
  readonly operation: string;
  readonly body: Record<string, unknown>;
  readonly rawBody: string;
  readonly headers: IncomingMessage['headers'];
}

/**
 * What to answer. `error` sends the AWS JSON 1.1 error shape (`__type` and `x-amzn-ErrorType`);
 * `raw` sends bytes as they are (malformed or truncated JSON); `hang` never answers;
 * `destroy` drops the connection.
 */
export type AwsReply =
  | { readonly status?: number; readonly body: unknown; readonly headers?: Record<string, string> }
  | { readonly error: string; readonly status: number; readonly headers?: Record<string, string> }
  | { readonly raw: string; readonly status?: number }
  | { readonly hang: true }
  | { readonly destroy: true };

export interface AwsJsonServer {
  readonly url: string;
  /** Every verified request, in order. */
  readonly calls: AwsCall[];
  /** Requests refused because their SigV4 signature did not verify. */
  readonly badSignatures: number;
  close(): Promise<void>;
}

/**
 * A local server speaking the AWS JSON 1.1 protocol as Textract and Comprehend Medical do:
 * `POST /` with `X-Amz-Target: <prefix>.<Operation>`, `application/x-amz-json-1.1` bodies, and
 * SigV4-signed requests, whose signature is recomputed here with the test credentials and must
 * match (a mismatch is answered 403 InvalidSignatureException, as AWS does).
 */
export async function startAwsJsonServer(options: {
  /** The SigV4 signing name: `textract`, `comprehendmedical`. */
  readonly service: string;
  readonly handler: (call: AwsCall) => AwsReply | Promise<AwsReply>;
}): Promise<AwsJsonServer> {
  const calls: AwsCall[] = [];
  let badSignatures = 0;
  const signer = new SignatureV4({
    service: options.service,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    sha256: Hash.bind(null, 'sha256'),
  });
  const hanging = new Set<IncomingMessage>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        if (!(await verified(signer, request, rawBody))) {
          badSignatures += 1;
          sendError(response, 403, 'InvalidSignatureException', 'signature mismatch');
          return;
        }
        const target = String(request.headers['x-amz-target'] ?? '');
        const call: AwsCall = {
          operation: target.slice(target.lastIndexOf('.') + 1),
          body: JSON.parse(rawBody === '' ? '{}' : rawBody) as Record<string, unknown>,
          rawBody,
          headers: request.headers,
        };
        calls.push(call);
        const reply = await options.handler(call);
        if ('hang' in reply) {
          hanging.add(request);
          return;
        }
        if ('destroy' in reply) {
          request.socket.destroy();
          return;
        }
        if ('error' in reply) {
          sendError(
            response,
            reply.status,
            reply.error,
            `${reply.error} from the test server`,
            reply.headers,
          );
          return;
        }
        if ('raw' in reply) {
          response.writeHead(reply.status ?? 200, { 'content-type': 'application/x-amz-json-1.1' });
          response.end(reply.raw);
          return;
        }
        response.writeHead(reply.status ?? 200, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': `req-${calls.length}`,
          ...reply.headers,
        });
        response.end(JSON.stringify(reply.body));
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
    get badSignatures() {
      return badSignatures;
    },
  };
}

function sendError(
  response: import('node:http').ServerResponse,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.test/`,
    ...headers,
  });
  response.end(JSON.stringify({ __type: type, message }));
}

/** Recomputes the SigV4 signature over the signed headers the client named, and compares. */
async function verified(
  signer: SignatureV4,
  request: IncomingMessage,
  body: string,
): Promise<boolean> {
  const authorization = request.headers.authorization ?? '';
  const match =
    /Credential=([^/]+)\/(\d{8})\/[^,]+, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})/.exec(
      authorization,
    );
  const amzDate = request.headers['x-amz-date'];
  if (match === null || typeof amzDate !== 'string') return false;
  const [, keyId, , signedHeaders, signature] = match;
  if (keyId !== TEST_CREDENTIALS.accessKeyId) return false;
  const headers: Record<string, string> = {};
  for (const name of (signedHeaders ?? '').split(';')) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const url = new URL(request.url ?? '/', 'http://placeholder');
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => (query[key] = value));
  const unsigned = new HttpRequest({
    method: request.method ?? 'POST',
    protocol: 'http:',
    hostname: (headers.host ?? '').split(':')[0] ?? '',
    path: url.pathname,
    query,
    headers,
    body,
  });
  const signingDate = new Date(
    amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
  );
  const signed = await signer.sign(unsigned, { signingDate });
  const expected = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization ?? '');
  return expected?.[1] === signature;
}
