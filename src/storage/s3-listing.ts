import {
  AbortMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type MultipartUpload,
  type S3Client,
  type _Object,
} from '@aws-sdk/client-s3';
import { refOf } from './s3-keys.js';
import type { ObjectRef, StoredObject } from './store.port.js';

/** Where to list: one bucket, one prefix, pages of `pageSize` keys (S3's maximum is 1000). */
export interface S3Listing {
  readonly client: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  readonly pageSize: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Every object of ours under the prefix, complete (ListObjectsV2) then in progress
 * (ListMultipartUploads, dated by Initiated). Keys that are not exactly ours are skipped.
 */
export async function* listStored(at: S3Listing): AsyncIterable<StoredObject> {
  for await (const page of objectPages(at)) {
    for (const object of page) {
      const ref = refOf(at.prefix, object.Key);
      if (ref === undefined) continue; // never touch what is not ours
      const modifiedAt = object.LastModified?.getTime() ?? 0;
      yield { ref, bytes: object.Size ?? 0, modifiedAt, partial: false };
    }
  }
  // One write may have two uploads (the marker and lib-storage's): list it once, by the oldest.
  const partial = new Map<string, { ref: ObjectRef; modifiedAt: number }>();
  for await (const page of uploadPages(at)) {
    for (const upload of page) {
      const ref = refOf(at.prefix, upload.Key);
      if (ref === undefined || upload.Key === undefined) continue;
      const modifiedAt = upload.Initiated?.getTime() ?? 0;
      const seen = partial.get(upload.Key);
      if (seen === undefined || modifiedAt < seen.modifiedAt)
        partial.set(upload.Key, { ref, modifiedAt });
    }
  }
  // Parts are not listed (a request per upload); a partial object's size is reported as 0.
  for (const { ref, modifiedAt } of partial.values())
    yield { ref, bytes: 0, modifiedAt, partial: true };
}

/** Pages of complete objects under the prefix (ListObjectsV2). */
export async function* objectPages(at: S3Listing): AsyncIterable<_Object[]> {
  let token: string | undefined;
  do {
    at.signal?.throwIfAborted();
    const page = await at.client.send(
      new ListObjectsV2Command({
        Bucket: at.bucket,
        Prefix: at.prefix,
        MaxKeys: at.pageSize,
        ContinuationToken: token,
      }),
      { abortSignal: at.signal },
    );
    yield page.Contents ?? [];
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}

/** Pages of multipart uploads in progress under the prefix (ListMultipartUploads). */
export async function* uploadPages(at: S3Listing): AsyncIterable<MultipartUpload[]> {
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  do {
    at.signal?.throwIfAborted();
    const page = await at.client.send(
      new ListMultipartUploadsCommand({
        Bucket: at.bucket,
        Prefix: at.prefix,
        MaxUploads: at.pageSize,
        KeyMarker: keyMarker,
        UploadIdMarker: uploadIdMarker,
      }),
      { abortSignal: at.signal },
    );
    yield page.Uploads ?? [];
    const more = page.IsTruncated === true && page.NextKeyMarker !== undefined;
    keyMarker = more ? page.NextKeyMarker : undefined;
    uploadIdMarker = more ? page.NextUploadIdMarker : undefined;
  } while (keyMarker !== undefined);
}

/**
 * Aborts every upload in progress under the prefix (only those of exactly `key` when given) and
 * resolves with the keys that had one.
 */
export async function abortUploads(at: S3Listing, key?: string): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const page of uploadPages(at)) {
    for (const upload of page) {
      if (upload.Key === undefined || upload.UploadId === undefined) continue;
      if (key !== undefined && upload.Key !== key) continue;
      keys.add(upload.Key);
      await abortUpload(at.client, at.bucket, upload.Key, upload.UploadId);
    }
  }
  return keys;
}

/** Aborts one multipart upload; resolves false if it no longer existed (aborted or completed). */
export async function abortUpload(
  client: S3Client,
  bucket: string,
  key: string,
  uploadId: string,
): Promise<boolean> {
  try {
    await client.send(
      new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }),
    );
    return true;
  } catch (error) {
    if (errorName(error) === 'NoSuchUpload') return false;
    throw error;
  }
}

export function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
