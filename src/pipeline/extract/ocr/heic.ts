import decode from 'heic-decode';
import { ServiceError } from '../../../domain/errors.js';
import type { RawImage } from './image-prep.js';

const EXPORT_AS_JPEG =
  'This HEIC photo could not be read. On the iPhone, share or export it as JPEG (or set Camera › Formats to "Most Compatible"), then upload again.';

/**
 * Decodes the primary image of a HEIC/HEIF file with libheif (heic-decode, WebAssembly; sharp's
 * libvips has no HEVC decoder). The container is parsed first, so the pixel limit is checked
 * before any pixel is decoded.
 */
export async function decodeHeic(bytes: Uint8Array, maxPixels: number): Promise<RawImage> {
  let images: Awaited<ReturnType<typeof decode.all>>;
  try {
    images = await decode.all({ buffer: bytes });
  } catch (error) {
    throw new ServiceError('unsupported_media_type', { detail: EXPORT_AS_JPEG, cause: error });
  }
  try {
    const primary = images[0];
    if (primary === undefined) throw new ServiceError('corrupt_document');
    if (primary.width * primary.height > maxPixels)
      throw new ServiceError('file_too_large', {
        detail: 'The photo has too many pixels to process. Upload a smaller photo or a PDF.',
      });
    const { width, height, data } = await primary.decode().catch((error: unknown) => {
      throw new ServiceError('unsupported_media_type', { detail: EXPORT_AS_JPEG, cause: error });
    });
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width,
      height,
      channels: 4,
    };
  } finally {
    images.dispose();
  }
}
