import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { openPdf, renderPage } from '../../src/pipeline/extract/pdf/pdf-reader.js';

/** Rasterises page 1 of a PDF at `dpi` into a PNG, as a scanner would. */
export async function rasterise(pdf: Buffer, dpi = 200): Promise<Buffer> {
  const opened = await openPdf(pdf, new AbortController().signal);
  try {
    const page = await opened.doc.getPage(1);
    const { image } = await renderPage(page, dpi, 40_000_000);
    return await sharp(image.data, {
      raw: { width: image.width, height: image.height, channels: image.channels },
    })
      .flatten({ background: '#ffffff' })
      .png()
      .toBuffer();
  } finally {
    await opened.close();
  }
}

/** A PDF whose pages are only the given images (a scanned document: no text layer). */
export function imagesToPdf(images: readonly Buffer[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (const image of images) {
      doc.addPage({ size: 'A4', margin: 0 });
      doc.image(image, 0, 0, { width: doc.page.width, height: doc.page.height });
    }
    doc.end();
  });
}

/**
 * A phone photo of a printed page: slightly rotated, uneven light (darker towards one corner),
 * sensor noise, a little blur, JPEG compression.
 */
export async function photograph(
  scan: Buffer,
  options: { degrees: number; seed?: number },
): Promise<Buffer> {
  const rotated = await sharp(scan)
    .rotate(options.degrees, { background: '#f4f1ea' })
    .toBuffer({ resolveWithObject: true });
  const { width, height } = rotated.info;
  // Uneven light: a diagonal gradient multiplied over the page.
  const light = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      light[y * width + x] = Math.round(255 - 70 * ((x / width + y / height) / 2));
  // Noise: a deterministic pseudo-random pattern around mid-grey, blended softly.
  let state = options.seed ?? 42;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const noise = Buffer.alloc(width * height);
  for (let i = 0; i < noise.length; i++) noise[i] = Math.round(128 + (random() - 0.5) * 60);
  return sharp(rotated.data)
    .composite([
      { input: light, raw: { width, height, channels: 1 }, blend: 'multiply' },
      { input: noise, raw: { width, height, channels: 1 }, blend: 'soft-light' },
    ])
    .blur(0.8)
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** Levenshtein distance (two rows), for character accuracy. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Character accuracy of OCR against known lines: each expected line is matched with the most
 * similar output line; accuracy = 1 − (sum of edit distances / sum of expected lengths).
 * Whitespace runs count as one space.
 */
export function characterAccuracy(expected: readonly string[], text: string): number {
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  const lines = text.split('\n').map(squash).filter(Boolean);
  let errors = 0;
  let total = 0;
  for (const line of expected.map(squash)) {
    total += line.length;
    errors += Math.min(line.length, ...lines.map((candidate) => editDistance(line, candidate)));
  }
  return 1 - errors / total;
}
