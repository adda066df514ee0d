// Per-page extraction time against the usual command-line tools, on the same files in the same
// run: the text layer against poppler's pdftotext, OCR against the tesseract command, for
// documents of 1, 10 and 50 pages. Needs poppler-utils and tesseract-ocr (Debian packages).
//
//   npm run bench:extract            (BENCH_PAGES=1,10 for a shorter run)
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentReader } from '../src/pipeline/extract/document-reader.js';
import { TesseractEngine } from '../src/pipeline/extract/ocr/tesseract.engine.js';
import { makeTextPdf } from '../test/helpers/documents.js';
import { rasterise } from '../test/helpers/scans.js';

const SIZES = (process.env.BENCH_PAGES ?? '1,10,50').split(',').map(Number);
const REPEATS = 3;

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', env: { ...process.env, ...env } });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited ${String(code)}`)),
    );
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function median(work: () => Promise<unknown>, repeats = REPEATS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) times.push(await timed(work));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** A page of a lab report: a heading, a table of results, a paragraph. */
function page(n: number): string[] {
  const rows = Array.from(
    { length: 25 },
    (_, i) =>
      `Analyte ${n}-${i}      ${(i * 1.7 + n).toFixed(1)}      mmol/L      ${i}.0 - ${i + 5}.5`,
  );
  return [
    `CITY LABORATORY SERVICES — page ${n}`,
    'Test      Result      Unit      Reference range',
    ...rows,
    'Results are reviewed by the laboratory.',
  ];
}

const dir = await mkdtemp(join(tmpdir(), 'serenya-bench-extract-'));
const ocr = new TesseractEngine();
const reader = new DocumentReader(ocr);
const options = {
  maxPages: 100,
  maxPixels: 50_000_000,
  signal: new AbortController().signal,
  onPage: () => undefined,
};
const lines: string[] = [];
const ratio = (ours: number, theirs: number) => `${(ours / theirs).toFixed(2)}x`;

try {
  lines.push(
    'Text layer, ms per page (median of 3): ours = pdf.js + layout in-process; pdftotext -layout as a process',
  );
  for (const pages of SIZES) {
    const pdf = await makeTextPdf(Array.from({ length: pages }, (_, i) => page(i + 1)));
    const file = join(dir, `text-${pages}.pdf`);
    await writeFile(file, pdf);
    await reader.read(pdf, 'application/pdf', options); // warm
    const ours = (await median(() => reader.read(pdf, 'application/pdf', options))) / pages;
    const theirs =
      (await median(() => run('pdftotext', ['-layout', file, join(dir, 'out.txt')]))) / pages;
    lines.push(
      `  ${String(pages).padStart(2)} pages: ours ${ours.toFixed(1)} ms, pdftotext ${theirs.toFixed(1)} ms, ratio ${ratio(ours, theirs)} (target ≤ 3x)`,
    );
  }

  lines.push(
    'OCR, ms per page (one run): ours = sharp preparation + Tesseract (LSTM, sparse pass, legacy re-read of numbers), warm;',
  );
  lines.push(
    '  tesseract = the command on the same PNGs, one process for the whole list, default threads and OMP_THREAD_LIMIT=1',
  );
  const source = await makeTextPdf([page(1)]);
  const png = await rasterise(source, 200);
  for (const pages of SIZES) {
    const files = await Promise.all(
      Array.from({ length: pages }, async (_, i) => {
        const path = join(dir, `scan-${pages}-${i}.png`);
        await writeFile(path, png);
        return path;
      }),
    );
    const list = join(dir, `list-${pages}.txt`);
    await writeFile(list, files.join('\n'));
    await reader.read(png, 'image/png', options); // warm
    const ours =
      (await timed(async () => {
        for (let i = 0; i < pages; i++) await reader.read(png, 'image/png', options);
      })) / pages;
    const theirs =
      (await timed(() => run('tesseract', [list, join(dir, `out-${pages}`), '--psm', '3']))) /
      pages;
    const single =
      (await timed(() =>
        run('tesseract', [list, join(dir, `one-${pages}`), '--psm', '3'], {
          OMP_THREAD_LIMIT: '1',
        }),
      )) / pages;
    lines.push(
      `  ${String(pages).padStart(2)} pages: ours ${ours.toFixed(0)} ms, tesseract ${theirs.toFixed(0)} ms (1 thread: ${single.toFixed(0)} ms), ratio ${ratio(ours, theirs)} (${ratio(ours, single)} against 1 thread; target ≤ 1x)`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await ocr.close();
  await rm(dir, { recursive: true, force: true });
}
