import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { OEM, PSM, createWorker, type Worker } from 'tesseract.js';
import type { TextRun } from '../text-layout.js';

/** English models installed from the npm registry: never fetched at run time. */
const DATA = dirname(createRequire(import.meta.url).resolve('@tesseract.js-data/eng/package.json'));
/** The LSTM model reads words best… */
const LSTM_DATA = join(DATA, '4.0.0_best_int');
/** …but drops decimal points ("2.0 - 7.5" → "20-75"); the legacy classifier keeps them. */
const LEGACY_DATA = join(DATA, '4.0.0');

export interface OcrOutput {
  /** Words as runs in image pixels; each word carries its line's vertical extent. */
  readonly runs: TextRun[];
  /** Mean word confidence, 0..1. */
  readonly confidence: number;
}

/** Prepared images are scaled so text is about 40 px high: about 300 dpi for body text. */
const DPI = '300';
/** Words only the sparse pass found must be at least this sure (it also reads specks). */
const MIN_ADDED_CONFIDENCE = 0.6;
/** Padding around a word cropped for the second reading. */
const PAD = 6;

interface Word {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  lineY0: number;
  lineY1: number;
  confidence: number;
}

/**
 * Tesseract (WebAssembly) with two readers: the LSTM model reads the page, then every word
 * with digits is read again by the legacy classifier, whose reading wins when it only adds the
 * decimal points or commas the LSTM lost (a value read as 35 instead of 3.5 is ten times off).
 * Workers start on first use and are reused.
 */
export class TesseractEngine {
  #lstm: Promise<Worker> | undefined;
  #sparse: Promise<Worker> | undefined;
  #legacy: Promise<Worker> | undefined;

  async recognize(png: Buffer): Promise<OcrOutput> {
    const words = await this.#readPage(png);
    await this.#restorePunctuation(png, words);
    const runs: TextRun[] = words.map((word) => ({
      text: word.text,
      x: word.x0,
      // Word boxes differ with ascenders and descenders; the line's extent keeps a row's words
      // on one row for the layout.
      y: word.lineY0,
      width: Math.max(1, word.x1 - word.x0),
      height: Math.max(1, word.lineY1 - word.lineY0),
      confidence: word.confidence,
    }));
    const total = words.reduce((sum, word) => sum + word.confidence, 0);
    return { runs, confidence: words.length === 0 ? 0 : total / words.length };
  }

  async close(): Promise<void> {
    const workers = [this.#lstm, this.#sparse, this.#legacy];
    this.#lstm = undefined;
    this.#sparse = undefined;
    this.#legacy = undefined;
    await Promise.all(workers.map(async (worker) => (await worker)?.terminate()));
  }

  /**
   * Page layout analysis (PSM 3) reads lines whole but sometimes discards a narrow table column;
   * sparse-text mode (PSM 11) finds every fragment but loses single characters. Words the
   * sparse pass finds where the first found nothing are added.
   */
  async #readPage(png: Buffer): Promise<Word[]> {
    const layout = await read(
      await (this.#lstm ??= start(LSTM_DATA, OEM.LSTM_ONLY, PSM.AUTO)),
      png,
    );
    const sparse = await read(
      await (this.#sparse ??= start(LSTM_DATA, OEM.LSTM_ONLY, PSM.SPARSE_TEXT)),
      png,
    );
    const missing = sparse.filter(
      (word) =>
        word.confidence >= MIN_ADDED_CONFIDENCE && !layout.some((other) => overlaps(word, other)),
    );
    return [...layout, ...missing];
  }

  /**
   * Re-reads words with two digits or more with the legacy classifier. The words are cut out
   * and stacked, one per line with blank space between, into a strip read in one call: one call
   * per word would cost more than the page itself.
   */
  async #restorePunctuation(png: Buffer, words: Word[]): Promise<void> {
    const candidates = words.filter((w) => digitsOf(w.text).length >= 2);
    if (candidates.length === 0) return;
    const worker = await (this.#legacy ??= start(
      LEGACY_DATA,
      OEM.TESSERACT_ONLY,
      PSM.SINGLE_BLOCK,
    ));
    const page = await sharp(png).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    for (let start = 0; start < candidates.length; start += STRIP_WORDS) {
      const batch = candidates.slice(start, start + STRIP_WORDS);
      const strip = await stack(page.data, page.info.width, page.info.height, batch);
      const { data } = await worker.recognize(strip.png, {}, { blocks: true, text: false });
      const readings = new Map<number, string[]>();
      for (const block of data.blocks ?? [])
        for (const paragraph of block.paragraphs)
          for (const line of paragraph.lines) {
            const centre = (line.bbox.y0 + line.bbox.y1) / 2;
            const index = strip.bands.findIndex(
              ([top, bottom]) => centre >= top && centre <= bottom,
            );
            if (index >= 0) readings.set(index, [...(readings.get(index) ?? []), line.text]);
          }
      batch.forEach((word, index) => {
        const legacy = (readings.get(index) ?? []).join('').replace(/\s+/g, '');
        // Only separators may be added: the same digits in the same order, the same letters.
        if (
          separatorsOf(legacy) > separatorsOf(word.text) &&
          digitsOf(legacy) === digitsOf(word.text) &&
          lettersOf(legacy) === lettersOf(word.text)
        )
          word.text = legacy;
      });
    }
  }
}

/** Words re-read per strip (bounds the strip's size). */
const STRIP_WORDS = 80;

/**
 * Cuts the words out of a grey page and stacks them left-aligned, one per band with a blank
 * band between; returns the strip as PNG and each word's band (top, bottom) in it.
 */
async function stack(
  grey: Buffer,
  width: number,
  height: number,
  words: readonly Word[],
): Promise<{ png: Buffer; bands: [number, number][] }> {
  const boxes = words.map((word) => {
    const x0 = Math.max(0, Math.floor(word.x0 - PAD));
    const y0 = Math.max(0, Math.floor(word.y0 - PAD));
    const x1 = Math.min(width, Math.ceil(word.x1 + PAD));
    const y1 = Math.min(height, Math.ceil(word.y1 + PAD));
    return { x0, y0, w: Math.max(1, x1 - x0), h: Math.max(1, y1 - y0) };
  });
  const stripWidth = Math.max(...boxes.map((b) => b.w)) + 2 * PAD;
  const bands: [number, number][] = [];
  let y = PAD;
  for (const box of boxes) {
    bands.push([y, y + box.h]);
    y += 2 * box.h;
  }
  const strip = Buffer.alloc(stripWidth * y, 255);
  boxes.forEach((box, index) => {
    const top = bands[index]?.[0] ?? 0;
    for (let row = 0; row < box.h; row++) {
      const from = (box.y0 + row) * width + box.x0;
      grey.copy(strip, (top + row) * stripWidth + PAD, from, from + box.w);
    }
  });
  const png = await sharp(strip, { raw: { width: stripWidth, height: y, channels: 1 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return { png, bands };
}

/** Reads a page into words, each with its line's vertical extent. */
async function read(worker: Worker, png: Buffer): Promise<Word[]> {
  const { data } = await worker.recognize(png, {}, { blocks: true, text: false });
  const words: Word[] = [];
  for (const block of data.blocks ?? [])
    for (const paragraph of block.paragraphs)
      for (const line of paragraph.lines)
        for (const word of line.words) {
          const text = word.text.trim();
          if (text === '') continue;
          words.push({
            text,
            ...word.bbox,
            lineY0: line.bbox.y0,
            lineY1: line.bbox.y1,
            confidence: word.confidence / 100,
          });
        }
  return words;
}

function overlaps(a: Word, b: Word): boolean {
  const width = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const height = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return width > 0 && height > 0;
}

const digitsOf = (text: string) => text.replace(/\D/g, '');
const lettersOf = (text: string) => text.replace(/[^A-Za-z]/g, '').toLowerCase();
const separatorsOf = (text: string) => text.replace(/[^.,]/g, '').length;

async function start(langPath: string, oem: OEM, psm: PSM): Promise<Worker> {
  const worker = await createWorker('eng', oem, {
    langPath,
    gzip: true,
    // Never write a cache file: nothing derived from a document may touch the disk.
    cacheMethod: 'none',
    ...(oem === OEM.TESSERACT_ONLY ? { legacyCore: true, legacyLang: true } : {}),
  });
  await worker.setParameters({
    tessedit_pageseg_mode: psm,
    preserve_interword_spaces: '1',
    // The PNGs carry no resolution; without one Tesseract guesses, and its layout analysis
    // then misses columns of numbers.
    user_defined_dpi: DPI,
    // Sauvola's local threshold copes with shadows and uneven light.
    thresholding_method: '2',
  });
  return worker;
}
