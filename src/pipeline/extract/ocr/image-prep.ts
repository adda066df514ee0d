import sharp, { type Sharp } from 'sharp';
import { ServiceError } from '../../../domain/errors.js';
import { measureText } from './deskew.js';

/** Raw pixels, for rendered PDF pages (no decoder involved). */
export interface RawImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
}

export interface PreparedImage {
  /** 8-bit grayscale PNG, levelled and scaled for OCR. */
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  /** Output pixels per input pixel (after orientation). */
  readonly scale: number;
  /** The rotation applied to level the text, in degrees (sharp's sense: clockwise). */
  readonly skew: number;
}

/**
 * Glyphs (ink blobs, weighted by size: mostly letters) of about this many pixels are where
 * Tesseract read best in our measurements: a generated scan, two generated phone photos and
 * the labsmart sample all had every row read at 32 (at 21, the photos lost rows).
 */
const TARGET_GLYPH_HEIGHT = 32;
/** Analysis copy: skew and glyph size are measured on an image this wide. */
const ANALYSIS_WIDTH = 1000;
/** Work never happens on more pixels than this, whatever the input (bounds time and memory). */
const MAX_WORK_PIXELS = 16_000_000;

/**
 * EXIF orientation, alpha flattened on white, grayscale, contrast stretched (the darkest percent
 * to black, the median — the paper, on a document — to white), deskewed, scaled so glyphs are
 * about TARGET_GLYPH_HEIGHT pixels. Uneven light is left to Tesseract's Sauvola threshold,
 * which handles it better than a global one. The pixel limit applies before anything is decoded.
 */
export async function prepareImage(
  input: Buffer | RawImage,
  limits: { readonly maxPixels: number },
): Promise<PreparedImage> {
  const source = Buffer.isBuffer(input)
    ? sharp(input, { limitInputPixels: limits.maxPixels, failOn: 'error', sequentialRead: true })
    : sharp(input.data, {
        raw: { width: input.width, height: input.height, channels: input.channels },
        limitInputPixels: limits.maxPixels,
      });
  const meta = await source.metadata().catch(mapSharpError);
  const { width: originalWidth, height: originalHeight } = meta.autoOrient;
  const fit = Math.min(1, Math.sqrt(MAX_WORK_PIXELS / (originalWidth * originalHeight)));
  const decoded = await source
    .autoOrient()
    .flatten({ background: '#ffffff' })
    .grayscale()
    .normalise({ lower: 1, upper: 50 })
    .resize({ width: Math.max(1, Math.round(originalWidth * fit)) })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch(mapSharpError);
  const { width, height } = decoded.info;
  const grey = (w: number, h: number) => ({ raw: { width: w, height: h, channels: 1 as const } });

  const analysis = await sharp(decoded.data, grey(width, height))
    .resize({ width: Math.min(width, ANALYSIS_WIDTH) })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { skew, glyphHeight } = measureText(
    analysis.data,
    analysis.info.width,
    analysis.info.height,
  );

  const native =
    glyphHeight === undefined ? undefined : (glyphHeight * width) / analysis.info.width;
  // Enlarge small text; never shrink (a wrong estimate must not make text unreadable).
  let scale = native === undefined ? 1 : Math.min(3, Math.max(1, TARGET_GLYPH_HEIGHT / native));
  scale = Math.min(scale, Math.sqrt(MAX_WORK_PIXELS / (width * height)));
  let output: Sharp = sharp(decoded.data, grey(width, height));
  if (Math.abs(skew) >= 0.3) output = output.rotate(skew, { background: '#ffffff' });
  const png = await output
    .resize({ width: Math.max(1, Math.round(width * scale)), kernel: 'lanczos3' })
    .toColourspace('b-w')
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true });
  return {
    png: png.data,
    width: png.info.width,
    height: png.info.height,
    scale: scale * fit,
    skew,
  };
}

/** sharp's errors, by message, to the catalogue (the messages themselves are never shown). */
export function mapSharpError(error: unknown): never {
  const message = error instanceof Error ? error.message : '';
  if (/pixel limit|exceeds pixel/i.test(message))
    throw new ServiceError('file_too_large', {
      detail: 'The image has too many pixels to process. Upload a smaller photo or a PDF.',
      cause: error,
    });
  if (/unsupported image format|operation is blocked/i.test(message))
    throw new ServiceError('unsupported_media_type', { cause: error });
  throw new ServiceError('corrupt_document', { cause: error });
}
