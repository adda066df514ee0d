import type { Config } from './config/config.js';
import type { Logger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { S3Client } from '@aws-sdk/client-s3';
import type { Extractor } from './pipeline/extract/extractor.port.js';
import { classifyTextractError } from './pipeline/extract/textract/textract.classify.js';
import { createTextractClient } from './pipeline/extract/textract/textract.client.js';
import { TextractExtractor } from './pipeline/extract/textract/textract.extractor.js';
import { IsolatedExtractor } from './pipeline/extract/isolated.extractor.js';
import { AssistedInterpreter } from './pipeline/interpret/assist/assisted.interpreter.js';
import type { InterpretationAssistant } from './pipeline/interpret/assist/assistant.port.js';
import {
  ClaudeAssistant,
  createClaudeClient,
} from './pipeline/interpret/claude/claude.assistant.js';
import { classifyClaudeError } from './pipeline/interpret/claude/claude.classify.js';
import {
  ComprehendAssistant,
  createComprehendClient,
} from './pipeline/interpret/comprehend/comprehend.assistant.js';
import { classifyComprehendError } from './pipeline/interpret/comprehend/comprehend.classify.js';
import type { Interpreter } from './pipeline/interpret/interpreter.port.js';
import { LocalInterpreter } from './pipeline/interpret/local.interpreter.js';
import type { PipelineDeps } from './pipeline/process-document.js';
import { ProviderCaller } from './pipeline/providers/provider-caller.js';
import type { ProviderError, ProviderName } from './pipeline/providers/provider-error.js';

/** Replacements for tests: test doubles for parts that cannot fail on demand otherwise. */
export interface PipelineOverrides {
  readonly extractors?: readonly Extractor[];
  readonly interpreter?: Interpreter;
}

/**
 * The processing pipeline: the embedded reader and engine, with the configured providers on top.
 * `metrics` is the app's registry; `serenya analyze` passes none and gets a private one.
 */
export function createPipeline(
  config: Config,
  logger: Logger,
  overrides: PipelineOverrides = {},
  metrics: Metrics = new Metrics({ defaultMetrics: false }),
): PipelineDeps {
  const local = new IsolatedExtractor({
    processes: config.extraction.processes,
    memoryMb: config.extraction.memoryMb,
    recycleAfter: config.extraction.recycleAfter,
    maxPixels: config.limits.maxImagePixels,
    logger,
  });
  return {
    extractors: overrides.extractors ?? [createExtractor(config, local, metrics)],
    interpreter: overrides.interpreter ?? createInterpreter(config, logger, metrics),
    maxPages: config.limits.maxPages,
  };
}

function caller(
  provider: ProviderName,
  config: Config,
  metrics: Metrics,
  classify: (error: unknown) => ProviderError,
): ProviderCaller {
  return new ProviderCaller({
    provider,
    settings: config.providers.resilience,
    metrics: metrics.providers,
    classify,
  });
}

function createExtractor(config: Config, local: Extractor, metrics: Metrics): Extractor {
  const { aws } = config.providers;
  switch (config.extractor) {
    case 'local':
      return local;
    case 'textract':
      return new TextractExtractor({
        client: createTextractClient({
          region: aws.region ?? '',
          endpoint: aws.endpoints.textract,
          credentials: aws.credentials,
        }),
        caller: caller('textract', config, metrics, classifyTextractError),
        metrics: metrics.providers,
        fallback: local,
        required: config.providers.required,
        staging:
          aws.textractBucket === undefined
            ? undefined
            : {
                bucket: aws.textractBucket,
                s3: new S3Client({
                  region: aws.region ?? '',
                  maxAttempts: 1,
                  // S3-compatible servers at a custom endpoint rarely resolve bucket subdomains.
                  forcePathStyle: aws.endpoints.s3 !== undefined,
                  ...(aws.endpoints.s3 === undefined ? {} : { endpoint: aws.endpoints.s3 }),
                  ...(aws.credentials === undefined ? {} : { credentials: aws.credentials }),
                }),
              },
      });
  }
}

function createInterpreter(config: Config, logger: Logger, metrics: Metrics): Interpreter {
  const local = new LocalInterpreter();
  const assisted = (assistant: InterpretationAssistant) =>
    new AssistedInterpreter(local, assistant, {
      required: config.providers.required,
      minimisePhi: config.providers.minimisePhi,
      metrics: metrics.providers,
      logger,
    });
  const { claude, aws } = config.providers;
  switch (config.interpreter) {
    case 'local':
      return local;
    case 'claude':
      return assisted(
        new ClaudeAssistant({
          client: createClaudeClient({
            apiKey: claude.apiKey ?? '',
            baseUrl: claude.baseUrl,
            timeoutMs: config.providers.resilience.timeoutMs,
          }),
          caller: caller('claude', config, metrics, classifyClaudeError),
          metrics: metrics.providers,
          model: claude.model,
        }),
      );
    case 'comprehend':
      return assisted(
        new ComprehendAssistant({
          client: createComprehendClient({
            region: aws.region ?? '',
            endpoint: aws.endpoints.comprehendmedical,
            credentials: aws.credentials,
          }),
          caller: caller('comprehend', config, metrics, classifyComprehendError),
          metrics: metrics.providers,
        }),
      );
  }
}
