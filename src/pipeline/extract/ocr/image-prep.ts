import sharp from 'sharp';
import { ServiceError } from '../../../domain/errors.js';
import { estimateLineHeight, estimateSkew } from './deskew.js';

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

/** Text lines of about this many pixels are where Tesseract's LSTM reads best. */
const TARGET_LINE_HEIGHT = 40;
/** Analysis copy: skew and line height are measured on an image this wide. */
const ANALYSIS_WIDTH = 1000;
/** OCR never gets more pixels than this, whatever the input (bounds time and memory). */
const MAX_OCR_PIXELS = 16_000_000;

/**
 * EXIF orientation, alpha flattened on white, grayscale, contrast stretched, deskewed, scaled so
 * text lines are about TARGET_LINE_HEIGHT pixels. Pixel limits apply before decoding.
 */
export async function prepareImage(
  input: Buffer | RawImage,
  limits: { readonly maxPixels: number },
): Promise<PreparedImage> {
  const open = () =>
    Buffer.isBuffer(input)
      ? sharp(input, { limitInputPixels: limits.maxPixels, failOn: 'error', sequentialRead: true })
      : sharp(input.data, {
          raw: { width: input.width, height: input.height, channels: input.channels },
          limitInputPixels: limits.maxPixels,
        });
  const base = () => open().autoOrient().flatten({ background: '#ffffff' }).grayscale().normalise();

  const analysis = await base()
    .resize({ width: ANALYSIS_WIDTH, withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch(mapSharpError);
  const { width: aw, height: ah } = analysis.info;
  const skew = estimateSkew(analysis.data, aw, ah);
  const levelled =
    Math.abs(skew) >= 0.3
      ? await sharp(analysis.data, { raw: { width: aw, height: ah, channels: 1 } })
          .rotate(skew, { background: '#ffffff' })
          .toColourspace('b-w')
          .raw()
          .toBuffer({ resolveWithObject: true })
      : analysis;
  const lineHeight = estimateLineHeight(levelled.data, levelled.info.width, levelled.info.height);

  const meta = await open().autoOrient().metadata().catch(mapSharpError);
  const width = meta.autoOrient.width;
  const height = meta.autoOrient.height;
  const analysisScale = aw / width;
  const native = lineHeight === undefined ? undefined : lineHeight / analysisScale;
  // Enlarge small text; never shrink (a wrong estimate must not make text unreadable).
  let scale = native === undefined ? 1 : Math.min(3, Math.max(1, TARGET_LINE_HEIGHT / native));
  scale = Math.min(scale, Math.sqrt(MAX_OCR_PIXELS / (width * height)));

  let pipeline = base();
  if (Math.abs(skew) >= 0.3) pipeline = pipeline.rotate(skew, { background: '#ffffff' });
  const png = await pipeline
    .resize({ width: Math.max(1, Math.round(width * scale)), kernel: 'lanczos3' })
    .toColourspace('b-w')
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true })
    .catch(mapSharpError);
  return { png: png.data, width: png.info.width, height: png.info.height, scale, skew };
}

/** sharp's errors, by message, to the catalogue (the messages themselves are never shown). */
function mapSharpError(error: unknown): never {
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
