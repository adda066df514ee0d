import { AsyncLocalStorage } from 'node:async_hooks';
import type { Readable } from 'node:stream';
import { DataStore, ERRORS, Upload } from '@tus/utils';
import { ServiceError } from '../../domain/errors.js';
import { OffsetConflictError, type ResumableUploads } from '../../jobs/resumable-uploads.js';

/** Whose request the tus server is handling: set by the route around every call. */
export const uploadOwner = new AsyncLocalStorage<string>();

/** The owner of the request being handled (set by the route). */
export function uploadOwnerOf(): string {
  return owner();
}

function owner(): string {
  const current = uploadOwner.getStore();
  if (current === undefined) throw new ServiceError('unauthorized');
  return current;
}

/**
 * The tus DataStore over our resumable uploads: tus speaks the protocol (offsets, locks,
 * headers), `ResumableUploads` keeps the guarantees (encryption per chunk, ownership, expiry,
 * completion into a job). Upload-Metadata is never stored: a file name is personal data, and
 * the type is sniffed from the bytes; only `filetype` is read, to refuse an unsupported type
 * before any byte is sent.
 */
export class TusStore extends DataStore {
  readonly #uploads: ResumableUploads;
  readonly #ttlMs: number;

  constructor(uploads: ResumableUploads, ttlSeconds: number) {
    super();
    this.#uploads = uploads;
    this.#ttlMs = ttlSeconds * 1000;
    this.extensions = ['creation', 'creation-with-upload', 'termination', 'expiration'];
  }

  override async create(upload: Upload): Promise<Upload> {
    if (upload.size === undefined || upload.size === 0)
      throw new ServiceError('bad_request', { detail: 'Upload-Length must be at least 1 byte.' });
    const type = upload.metadata?.filetype ?? undefined;
    await this.#uploads.begin(owner(), upload.id, upload.size, type);
    upload.metadata = undefined;
    upload.creation_date = new Date().toISOString();
    return upload;
  }

  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    try {
      // A dropped connection ends the stream (tus ends it gracefully): the bytes that arrived
      // are kept for the resume. A purge of the owner's data stops the write.
      return await this.#uploads.append(owner(), id, offset, stream);
    } catch (error) {
      // tus answers its own `{status_code, body}` errors: 409, so the client asks where to resume.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      if (error instanceof OffsetConflictError) throw ERRORS.INVALID_OFFSET;
      throw error;
    }
  }

  override async getUpload(id: string): Promise<Upload> {
    const progress = await this.#uploads.progress(owner(), id);
    return new Upload({
      id,
      size: progress.length,
      offset: progress.offset,
      creation_date: new Date(progress.createdAt).toISOString(),
    });
  }

  override async remove(id: string): Promise<void> {
    await this.#uploads.terminate(owner(), id);
  }

  override getExpiration(): number {
    return this.#ttlMs;
  }

  /** Expired uploads go with the job records and the sweeper, like any job's data. */
  override deleteExpired(): Promise<number> {
    return Promise.resolve(0);
  }
}
