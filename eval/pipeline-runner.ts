import { ServiceError } from '../src/domain/errors.js';
import { processDocument, type PipelineDeps } from '../src/pipeline/process-document.js';
import { scoreDocument, type DocumentScore } from './score/document.js';
import type { EvalDocument } from './types.js';

/**
 * Runs every document through the service's own pipeline (isolated extraction, then the
 * interpreter), `concurrency` at a time, slow (OCR) documents first so they overlap the rest.
 * A failure is recorded by its code only: messages could quote the document.
 */
export async function runDocuments(
  documents: readonly EvalDocument[],
  deps: PipelineDeps,
  options: { concurrency: number; timeoutSeconds: number; onDone?: (score: DocumentScore) => void },
): Promise<DocumentScore[]> {
  const queue = [...documents].sort((a, b) => Number(b.slow ?? false) - Number(a.slow ?? false));
  const scores = new Map<string, DocumentScore>();
  const worker = async () => {
    for (let doc = queue.shift(); doc !== undefined; doc = queue.shift()) {
      const started = performance.now();
      let outcome: Parameters<typeof scoreDocument>[1];
      try {
        const result = await processDocument(doc.bytes, doc.mediaType, deps, {
          jobId: doc.id,
          signal: AbortSignal.timeout(options.timeoutSeconds * 1000),
          onProgress: () => undefined,
        });
        outcome = { result };
      } catch (error) {
        outcome = {
          error:
            error instanceof ServiceError
              ? error.code
              : error instanceof Error && error.name === 'TimeoutError'
                ? 'processing_timeout'
                : `internal (${error instanceof Error ? error.name : typeof error})`,
        };
      }
      const score = scoreDocument(doc, outcome, (performance.now() - started) / 1000);
      scores.set(doc.id, score);
      options.onDone?.(score);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  // Back in document order, whatever order they finished in.
  return documents.flatMap((d) => scores.get(d.id) ?? []);
}
