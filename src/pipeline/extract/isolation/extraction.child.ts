// Entry of an extraction child process: reads documents with pdf.js, sharp and Tesseract, and
// answers the parent over IPC. It holds no secret and writes no file; the parent kills it on
// timeout, on excess memory, and after a number of tasks.
import sharp from 'sharp';
import { ServiceError } from '../../../domain/errors.js';
import { DocumentReader } from '../document-reader.js';
import type { ExtractedDocument } from '../extractor.port.js';
import { TesseractEngine } from '../ocr/tesseract.engine.js';
import type {
  ExtractionFailure,
  ExtractionProgress,
  ExtractionTask,
} from './extraction.protocol.js';

// Decoders restricted to the formats we accept; raw pixels (rendered pages) need none.
sharp.block({ operation: ['VipsForeignLoad'] });
sharp.unblock({ operation: ['VipsForeignLoadJpegBuffer', 'VipsForeignLoadPngBuffer'] });
sharp.cache(false);
sharp.concurrency(1);

const reader = new DocumentReader(new TesseractEngine());

interface TaskMessage {
  readonly type: 'task';
  readonly id: number;
  readonly payload: ExtractionTask;
}

const isTask = (message: unknown): message is TaskMessage =>
  typeof message === 'object' &&
  message !== null &&
  (message as { type?: unknown }).type === 'task';

function send(message: unknown): void {
  process.send?.(message);
}

process.on('message', (message: unknown) => {
  if (!isTask(message)) return;
  const { id, payload } = message;
  // The parent enforces the time limit by killing this process; no cooperative abort needed.
  const signal = new AbortController().signal;
  void reader
    .read(payload.bytes, payload.mediaType, {
      maxPages: payload.maxPages,
      maxPixels: payload.maxPixels,
      signal,
      onPage: (page, pages) =>
        send({ type: 'progress', id, data: { page, pages } satisfies ExtractionProgress }),
    })
    .then(
      (result: ExtractedDocument) => send({ type: 'done', id, result }),
      (error: unknown) => send({ type: 'failed', id, error: failure(error) }),
    );
});

function failure(error: unknown): ExtractionFailure {
  if (error instanceof ServiceError)
    return { code: error.code, detail: error.detail, retryable: error.retryable };
  // Anything else is treated as a damaged document: its message is never passed on.
  return {
    code: 'corrupt_document',
    detail: new ServiceError('corrupt_document').detail,
    retryable: false,
  };
}

// The parent's end of the channel closing means the service is gone: so is this child.
process.on('disconnect', () => process.exit(0));
