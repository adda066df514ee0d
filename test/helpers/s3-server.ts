import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ListObjectsV2Command,
  ListMultipartUploadsCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { s3rverExtensions } from './s3rver-extensions.js';

/** Static credentials s3rver accepts (it checks the signature against these). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3Server {
  readonly endpoint: string;
  readonly bucket: string;
  /** A client configuration for this server: path style, us-east-1, s3rver's credentials. */
  readonly clientConfig: S3ClientConfig;
  /** Every complete object's key in the bucket. */
  objectKeys(): Promise<string[]>;
  /** The key of every multipart upload in progress in the bucket. */
  uploadKeys(): Promise<string[]>;
  stop(): Promise<void>;
}

export interface StartS3Options {
  /** Answer the bucket lifecycle calls (s3rver itself answers 501 NotImplemented). */
  readonly lifecycle?: boolean;
  /** What GetBucketVersioning reports; unversioned by default. */
  readonly versioning?: 'Enabled' | 'Suspended';
}

let buckets = 0;

/**
 * Starts s3rver (the npm package) on a free port of 127.0.0.1 with a fresh directory and a
 * fresh, empty bucket; silent. s3rver lacks ListMultipartUploads and AbortMultipartUpload,
 * which the S3 store needs: `s3rverExtensions` adds them (see there).
 */
export async function startS3(options: StartS3Options = {}): Promise<S3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'serenya-s3rver-'));
  const bucket = `serenya-test-${process.pid}-${++buckets}`;
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  // Before the router, which is s3rver's last middleware.
  server.middleware.splice(
    server.middleware.length - 1,
    0,
    s3rverExtensions({
      directory,
      lifecycle: options.lifecycle ?? false,
      versioning: options.versioning,
    }),
  );
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const clientConfig: S3ClientConfig = {
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: S3RVER_CREDENTIALS,
    maxAttempts: 1,
  };
  const client = new S3Client(clientConfig);
  return {
    endpoint,
    bucket,
    clientConfig,
    async objectKeys() {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
        token = page.NextContinuationToken;
      } while (token !== undefined);
      return keys;
    },
    async uploadKeys() {
      const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
      return (page.Uploads ?? []).flatMap((upload) => (upload.Key ? [upload.Key] : []));
    },
    async stop() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
