import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OEM, PSM, createWorker, type Worker } from 'tesseract.js';
import type { TextRun } from '../text-layout.js';

/** The English LSTM model installed from the npm registry: never fetched at run time. */
const LANG_PATH = join(
  dirname(createRequire(import.meta.url).resolve('@tesseract.js-data/eng/package.json')),
  '4.0.0_best_int',
);

export interface OcrOutput {
  /** Words as runs in image pixels; each word carries its line's vertical extent. */
  readonly runs: TextRun[];
  /** Mean word confidence, 0..1. */
  readonly confidence: number;
}

/** One Tesseract worker (a WebAssembly instance), started on first use and reused. */
export class TesseractEngine {
  #worker: Promise<Worker> | undefined;

  async recognize(png: Buffer): Promise<OcrOutput> {
    const worker = await this.#start();
    const { data } = await worker.recognize(png, {}, { blocks: true, text: false });
    const runs: TextRun[] = [];
    let total = 0;
    let count = 0;
    for (const block of data.blocks ?? [])
      for (const paragraph of block.paragraphs)
        for (const line of paragraph.lines)
          for (const word of line.words) {
            const text = word.text.trim();
            if (text === '') continue;
            // Word boxes differ with ascenders and descenders; the line's extent keeps a row's
            // words on one row for the layout.
            runs.push({
              text,
              x: word.bbox.x0,
              y: line.bbox.y0,
              width: Math.max(1, word.bbox.x1 - word.bbox.x0),
              height: Math.max(1, line.bbox.y1 - line.bbox.y0),
              confidence: word.confidence / 100,
            });
            total += word.confidence / 100;
            count++;
          }
    return { runs, confidence: count === 0 ? 0 : total / count };
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker !== undefined) await (await worker).terminate();
  }

  #start(): Promise<Worker> {
    this.#worker ??= (async () => {
      const worker = await createWorker('eng', OEM.LSTM_ONLY, {
        langPath: LANG_PATH,
        gzip: true,
        // Never write a cache file: nothing derived from a document may touch the disk.
        cacheMethod: 'none',
      });
      await worker.setParameters({
        tessedit_pageseg_mode: PSM.AUTO,
        preserve_interword_spaces: '1',
      });
      return worker;
    })();
    return this.#worker;
  }
}
