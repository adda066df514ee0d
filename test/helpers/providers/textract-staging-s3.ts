import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { listenLocal } from './local-http.js';

/** One request to the staging server, path-style (`/bucket/key`). */
export interface StagingRequest {
  readonly method: string;
  readonly bucket: string;
  readonly key: string;
  readonly headers: IncomingHttpHeaders;
  readonly bodyBytes: number;
}

export interface StagingS3 {
  readonly url: string;
  readonly requests: StagingRequest[];
  /** Keys stored and not yet deleted. */
  readonly objects: Map<string, Buffer>;
  close(): Promise<void>;
}

/**
 * Just enough of S3's REST API for the Textract staging flow: PutObject (200 with an ETag) and
 * DeleteObject (204), recorded in order. Signatures are not verified; tests check the
 * Authorization header names AWS4-HMAC-SHA256. Anything else is answered 501 NotImplemented.
 */
export async function startStagingS3(): Promise<StagingS3> {
  const requests: StagingRequest[] = [];
  const objects = new Map<string, Buffer>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = new URL(request.url ?? '/', 'http://placeholder').pathname;
      const [, bucket = '', ...rest] = path.split('/');
      const key = decodeURIComponent(rest.join('/'));
      const method = request.method ?? 'GET';
      requests.push({ method, bucket, key, headers: request.headers, bodyBytes: body.length });
      if (method === 'PUT' && key !== '') {
        objects.set(`${bucket}/${key}`, body);
        const etag = `"${createHash('md5').update(body).digest('hex')}"`;
        response.writeHead(200, { etag, 'x-amz-server-side-encryption': 'aws:kms' });
        response.end();
        return;
      }
      if (method === 'DELETE' && key !== '') {
        objects.delete(`${bucket}/${key}`);
        response.writeHead(204);
        response.end();
        return;
      }
      response.writeHead(501, { 'content-type': 'application/xml' });
      response.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code></Error>',
      );
    });
  });
  const { url, close } = await listenLocal(server);
  return {
    url,
    close,
    requests,
    objects,
  };
}
