import { Transform, type TransformCallback } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { ServiceError } from '../domain/errors.js';
import { isMediaType, type MediaType } from '../domain/media-type.js';

/** Enough bytes for every signature file-type knows. */
const SNIFF_BYTES = 4100;
/** Declared types that say nothing about the content; sniffing alone decides. */
const GENERIC = new Set(['application/octet-stream', 'binary/octet-stream']);
const ALIASES: ReadonlyMap<string, MediaType> = new Map<string, MediaType>([
  ['image/jpg', 'image/jpeg'],
  ['image/pjpeg', 'image/jpeg'],
  ['application/x-pdf', 'application/pdf'],
]);
const HINTS: ReadonlyMap<string, string> = new Map([
  ['image/avif', 'AVIF photos are not supported. Export the photo as JPEG, then upload again.'],
  [
    'image/tiff',
    'TIFF files are not supported. Export the scan as PDF or JPEG, then upload again.',
  ],
  [
    'image/webp',
    'WebP images are not supported. Export the image as JPEG or PNG, then upload again.',
  ],
]);

export interface InspectorOptions {
  readonly maxBytes: number;
  /** The Content-Type (or multipart part type) the client declared, if any. */
  readonly declared: string | undefined;
  /** Types the pipeline can process now. */
  readonly processable: readonly MediaType[];
}

/**
 * Sits between the request and the encryptor: counts bytes against the limit and sniffs the type
 * from the first bytes before any of them pass on. Its errors are ServiceErrors with the
 * upload's code; it never buffers more than the sniffing window.
 */
export class UploadInspector extends Transform {
  readonly #options: InspectorOptions;
  #head: Buffer[] = [];
  #headBytes = 0;
  #bytes = 0;
  #mediaType: MediaType | undefined;

  constructor(options: InspectorOptions) {
    super();
    this.#options = options;
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The sniffed media type, known once the first bytes passed. */
  get mediaType(): MediaType | undefined {
    return this.#mediaType;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.#bytes += chunk.length;
    if (this.#bytes > this.#options.maxBytes) return done(new ServiceError('file_too_large'));
    if (this.#mediaType !== undefined) return done(null, chunk);
    this.#head.push(chunk);
    this.#headBytes += chunk.length;
    if (this.#headBytes < SNIFF_BYTES) return done();
    this.#release(done);
  }

  override _flush(done: TransformCallback): void {
    if (this.#bytes === 0)
      return done(
        new ServiceError('bad_request', {
          detail: 'The upload was empty. Choose the file again and retry.',
        }),
      );
    if (this.#mediaType !== undefined) return done();
    this.#release(done);
  }

  #release(done: TransformCallback): void {
    const head = Buffer.concat(this.#head);
    this.#head = [];
    sniff(head)
      .then((detected) => {
        this.#mediaType = this.#check(detected);
        done(null, head);
      })
      .catch((error: unknown) => done(error as Error));
  }

  #check(detected: string | undefined): MediaType {
    const declared = normalise(this.#options.declared);
    if (detected === undefined || !isMediaType(detected)) {
      const hint = HINTS.get(detected ?? declared ?? '');
      throw new ServiceError('unsupported_media_type', hint === undefined ? {} : { detail: hint });
    }
    if (declared !== undefined && !GENERIC.has(declared) && declared !== detected)
      throw new ServiceError('unsupported_media_type', {
        detail:
          "The file's content does not match its declared type. Upload the original PDF, JPEG or PNG file.",
      });
    if (!this.#options.processable.includes(detected))
      throw new ServiceError('unsupported_media_type', {
        detail:
          'Photos and scanned images are not supported yet. Upload the PDF report your lab sent you.',
      });
    return detected;
  }
}

function normalise(type: string | undefined): string | undefined {
  if (type === undefined) return undefined;
  return ALIASES.get(type) ?? type;
}

async function sniff(head: Buffer): Promise<string | undefined> {
  const found = await fileTypeFromBuffer(head);
  if (found !== undefined) return found.mime;
  // PDF readers accept a header anywhere in the first KiB (some generators prepend junk).
  if (head.subarray(0, 1024).includes('%PDF-')) return 'application/pdf';
  return undefined;
}
