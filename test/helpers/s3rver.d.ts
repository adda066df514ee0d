// The subset of s3rver (a JavaScript package without types) the test helpers use.
declare module 's3rver' {
  import type { IncomingMessage } from 'node:http';

  /** The Koa context s3rver's middleware sees. */
  export interface S3rverContext {
    readonly method: string;
    readonly path: string;
    readonly query: Record<string, string | string[] | undefined>;
    readonly req: IncomingMessage;
    /** s3rver's file-system store. */
    readonly store: {
      existsObject(bucket: string, key: string): Promise<boolean>;
      deleteObject(bucket: string, key: string): Promise<void>;
      listObjects(
        bucket: string,
        options: { prefix?: string; maxKeys?: number },
      ): Promise<{ objects: S3rverObject[] }>;
    };
    status: number;
    type: string;
    body: unknown;
  }

  export interface S3rverObject {
    readonly key: string;
    readonly size: number;
    readonly lastModifiedDate: Date;
    readonly metadata: Record<string, string>;
  }

  export type S3rverMiddleware = (ctx: S3rverContext, next: () => Promise<void>) => Promise<void>;

  export interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: string[] }[];
  }

  export default class S3rver {
    constructor(options: S3rverOptions);
    /** Koa's middleware list; composed when the server starts listening. */
    readonly middleware: S3rverMiddleware[];
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
