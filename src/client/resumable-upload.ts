import { Upload, type DetailedError } from 'tus-js-client';
import type { Problem } from '../http/problem.js';

export interface ResumableOptions {
  /** Bytes per request: smaller chunks lose less when a connection drops, and cost more round trips. */
  readonly chunkSize?: number;
  /** The declared type, if known (the server sniffs the bytes anyway). */
  readonly contentType?: string;
  /** Delays before each retry after a failed request, in ms; then the upload fails. */
  readonly retryDelays?: readonly number[];
  /** Called as bytes are acknowledged by the server. */
  readonly onProgress?: (sent: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** Mobile-friendly defaults: 1 MiB chunks, retries backing off to 30 s. */
const DEFAULT_CHUNK = 1024 * 1024;
const DEFAULT_RETRIES = [0, 1000, 3000, 5000, 10_000, 20_000, 30_000];

/**
 * Uploads with tus (tus-js-client): a dropped connection resumes from the bytes the server
 * holds. Resolves with the job id (the upload's id); rejects with the server's problem, if any.
 */
export function uploadResumable(
  baseUrl: string,
  token: string,
  bytes: Uint8Array,
  options: ResumableOptions = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload = new Upload(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      endpoint: `${baseUrl}/v1/uploads`,
      headers: { authorization: `Bearer ${token}` },
      chunkSize: options.chunkSize ?? DEFAULT_CHUNK,
      retryDelays: [...(options.retryDelays ?? DEFAULT_RETRIES)],
      // Only the type: a file name is personal data and the server would drop it anyway.
      metadata: options.contentType === undefined ? {} : { filetype: options.contentType },
      // Resuming across process restarts would need a URL storage; within one call is enough.
      storeFingerprintForResuming: false,
      onProgress: (sent, total) => options.onProgress?.(sent, total),
      onError: (error) => {
        reject(toProblemError(error));
      },
      onSuccess: () => {
        const id = upload.url?.split('/').pop();
        if (id === undefined) reject(new Error('the server gave no upload URL'));
        else resolve(id);
      },
    });
    options.signal?.addEventListener(
      'abort',
      () => {
        void upload.abort(true).finally(() => reject(options.signal?.reason as Error));
      },
      { once: true },
    );
    upload.start();
  });
}

/** The server's problem (415, 413, 429 …) as an error carrying it, else the error itself. */
function toProblemError(error: Error | DetailedError): Error {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  const body = response?.getBody();
  if (body?.startsWith('{') === true) {
    try {
      const problem = JSON.parse(body) as Problem;
      if (typeof problem.code === 'string')
        return Object.assign(new Error(`${problem.code}: ${problem.detail}`), { problem });
    } catch {
      // not JSON: fall through
    }
  }
  return error;
}
