import { randomUUID } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { checkS3Bucket } from './s3-bucket-check.js';
import { assertValidPrefix, keyOf, refOf } from './s3-keys.js';
import { abortUpload, abortUploads, errorName, listStored, objectPages } from './s3-listing.js';
import {
  ObjectMissingError,
  isValidOwner,
  type ObjectRef,
  type StoredObject,
  type TempStore,
} from './store.port.js';

/** Server-side encryption, on top of our own: SSE-S3 (`AES256`) or SSE-KMS. */
export type S3Sse =
  { readonly kind: 'AES256' } | { readonly kind: 'aws:kms'; readonly keyId?: string };

export interface S3StoreOptions {
  /** A client for the bucket's region (`forcePathStyle` for S3-compatible servers). */
  readonly client: S3Client;
  readonly bucket: string;
  /** Prepended to every key: empty (the default) or ending in `/`. */
  readonly prefix?: string;
  /** Server-side encryption of every object; `AES256` by default. */
  readonly sse?: S3Sse;
  /** Keys per list or delete request; S3's maximum, 1000, by default. */
  readonly pageSize?: number;
}

const PART_SIZE = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;

/**
 * S3 store: objects at `{prefix}{owner hash}/{job id}/{kind}`. A write is visible while in
 * progress as a multipart upload (listed as partial), and becomes an object only once complete.
 */
export class S3Store implements TempStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #sse: { ServerSideEncryption: 'AES256' | 'aws:kms'; SSEKMSKeyId?: string };
  readonly #pageSize: number;

  constructor(options: S3StoreOptions) {
    const prefix = options.prefix ?? '';
    assertValidPrefix(prefix);
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#prefix = prefix;
    const sse = options.sse ?? { kind: 'AES256' };
    this.#sse =
      sse.kind === 'AES256'
        ? { ServerSideEncryption: 'AES256' }
        : { ServerSideEncryption: 'aws:kms', ...(sse.keyId ? { SSEKMSKeyId: sse.keyId } : {}) };
    this.#pageSize = options.pageSize ?? 1000;
  }

  async put(ref: ObjectRef, body: Readable, signal?: AbortSignal): Promise<{ bytes: number }> {
    const key = this.#key(ref);
    signal?.throwIfAborted();
    // lib-storage starts its own multipart upload only after 5 MiB; this marker upload makes
    // the write visible to list, delete and deleteOwner from its first byte. Whoever aborts
    // the marker first wins: a delete during the write makes the put fail, not resurrect.
    const created = await this.#client.send(
      new CreateMultipartUploadCommand({ Bucket: this.#bucket, Key: key, ...this.#sse }),
    );
    const marker = created.UploadId;
    if (marker === undefined) throw new Error('S3 returned no upload id');
    let bytes = 0;
    let sourceError: unknown;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    // A source error or an abort destroys `counted`, which fails the upload that reads it.
    pipeline(body, counted, signal ? { signal } : {}).catch((error: unknown) => {
      sourceError = error;
    });
    try {
      await new Upload({
        client: this.#client,
        params: { Bucket: this.#bucket, Key: key, Body: counted, ...this.#sse },
        partSize: PART_SIZE,
        queueSize: QUEUE_SIZE,
        leavePartsOnError: false,
      }).done();
    } catch (error) {
      const cause = sourceError ?? error;
      counted.destroy(); // releases the source when S3, not the source, failed
      await this.#discard(key);
      throw cause;
    }
    if (!(await abortUpload(this.#client, this.#bucket, key, marker))) {
      await this.#discard(key);
      throw new Error('object deleted while it was being written');
    }
    return { bytes };
  }

  async get(ref: ObjectRef, signal?: AbortSignal): Promise<Readable> {
    const key = this.#key(ref);
    try {
      const { Body } = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: key }),
        { abortSignal: signal },
      );
      if (!(Body instanceof Readable)) throw new Error('S3 returned no readable body');
      return Body;
    } catch (error) {
      if (isMissing(error)) throw new ObjectMissingError();
      throw error;
    }
  }

  async delete(ref: ObjectRef): Promise<boolean> {
    const key = this.#key(ref);
    // Uploads first: a put completing meanwhile then finds its marker gone and removes its object.
    const uploads = await abortUploads(this.#at(key), key);
    const existed = await this.#client
      .send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }))
      .then(
        () => true,
        (error: unknown) => {
          if (isMissing(error)) return false;
          throw error;
        },
      );
    if (existed)
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
    return existed || uploads.size > 0;
  }

  async deleteOwner(owner: string): Promise<number> {
    if (!isValidOwner(owner)) throw new Error('invalid owner');
    const at = this.#at(`${this.#prefix}${owner}/`);
    const keys = await abortUploads(at);
    for await (const page of objectPages(at)) {
      const objects = page.flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
      if (objects.length === 0) continue;
      const result = await this.#client.send(
        new DeleteObjectsCommand({
          Bucket: this.#bucket,
          Delete: { Objects: objects, Quiet: true },
        }),
      );
      if ((result.Errors ?? []).length > 0) throw new Error('S3 refused to delete some objects');
      for (const { Key } of objects) keys.add(Key);
    }
    // Everything under the owner's prefix goes; only our objects are counted, as on disk.
    return [...keys].filter((key) => refOf(this.#prefix, key) !== undefined).length;
  }

  list(signal?: AbortSignal): AsyncIterable<StoredObject> {
    return listStored(this.#at(this.#prefix, signal));
  }

  async ping(): Promise<void> {
    await this.#client.send(new HeadBucketCommand({ Bucket: this.#bucket }));
    const Key = `${this.#prefix}.ping/${randomUUID()}`;
    await this.#client.send(
      new PutObjectCommand({ Bucket: this.#bucket, Key, Body: Buffer.alloc(0), ...this.#sse }),
    );
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key }));
  }

  /** Warns about versioning and installs the lifecycle backstop; call once at start-up. */
  async checkBucket(): Promise<{ warnings: string[] }> {
    return checkS3Bucket(this.#client, this.#bucket, this.#prefix);
  }

  /** Removes whatever a failed or overtaken write may have left: uploads and the object. */
  async #discard(key: string): Promise<void> {
    await abortUploads(this.#at(key), key);
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }

  #key(ref: ObjectRef): string {
    return keyOf(this.#prefix, ref);
  }

  #at(prefix: string, signal?: AbortSignal) {
    return { client: this.#client, bucket: this.#bucket, prefix, pageSize: this.#pageSize, signal };
  }
}

function isMissing(error: unknown): boolean {
  const name = errorName(error);
  return name === 'NoSuchKey' || name === 'NotFound';
}
