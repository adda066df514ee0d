import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createPipeline } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { ServiceError, toServiceError } from '../domain/errors.js';
import { toProblem } from '../http/problem.js';
import { createLogger } from '../observability/logger.js';
import { UploadInspector } from '../jobs/upload-inspector.js';
import { toFhirBundle } from '../pipeline/format/fhir.formatter.js';
import { processDocument, processableTypes } from '../pipeline/process-document.js';
import { renderText } from './render-text.js';

type Environment = Readonly<Record<string, string | undefined>>;
const FORMATS = ['json', 'text', 'fhir'];

/**
 * `serenya analyze <file>`: the whole pipeline locally, no server and no storage. Prints the
 * result and exits 0, or prints the problem JSON and exits 1.
 */
export async function analyzeCommand(
  env: Environment,
  file: string | undefined,
  format = 'json',
): Promise<number> {
  if (file === undefined || !FORMATS.includes(format)) {
    process.stderr.write('Usage: serenya analyze <file> [--format json|text|fhir]\n');
    return 2;
  }
  const config = loadConfig(env, { requireSecrets: false });
  const deps = createPipeline(config, createLogger('silent'));
  try {
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile() !== true) {
      process.stderr.write('serenya analyze: the file cannot be read\n');
      return 2;
    }
    if (info.size > config.limits.maxUploadBytes) throw new ServiceError('file_too_large');
    const inspector = new UploadInspector({
      maxBytes: config.limits.maxUploadBytes,
      declared: undefined,
      processable: processableTypes(deps),
    });
    const chunks: Buffer[] = [];
    await pipeline(createReadStream(file), inspector, async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) chunks.push(chunk);
    });
    if (inspector.mediaType === undefined) throw new ServiceError('unsupported_media_type');
    const result = await processDocument(Buffer.concat(chunks), inspector.mediaType, deps, {
      jobId: randomUUID(),
      signal: AbortSignal.timeout(config.jobs.processingTimeoutSeconds * 1000),
      onProgress: () => undefined,
    });
    process.stdout.write(
      format === 'text'
        ? renderText(result)
        : `${JSON.stringify(format === 'fhir' ? toFhirBundle(result) : result, null, 2)}\n`,
    );
    return 0;
  } catch (error) {
    const failure =
      error instanceof Error && error.name === 'TimeoutError'
        ? new ServiceError('processing_timeout')
        : toServiceError(error);
    process.stdout.write(`${JSON.stringify(toProblem(failure), null, 2)}\n`);
    return 1;
  } finally {
    await Promise.all(deps.extractors.map((extractor) => extractor.close?.() ?? Promise.resolve()));
  }
}
