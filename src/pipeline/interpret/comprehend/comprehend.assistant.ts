import {
  ComprehendMedicalClient,
  DetectEntitiesV2Command,
  InferICD10CMCommand,
  InferRxNormCommand,
  type ComprehendMedicalClientConfig,
} from '@aws-sdk/client-comprehendmedical';
import type { ProviderCaller } from '../../providers/provider-caller.js';
import type { ProviderMetrics } from '../../providers/provider-metrics.js';
import type {
  AssistantReply,
  InterpretationAssistant,
  OutboundLine,
  ProposedCondition,
  ProposedMedication,
} from '../assist/assistant.port.js';
import type { Interpretation } from '../interpreter.port.js';
import { chunkLines, type TextChunk } from './comprehend-chunks.js';
import {
  conditionEntities,
  conditionsOf,
  medicationEntities,
  medicationsOf,
} from './comprehend-entities.js';
import { modelVersion, readEntities, type FoundEntity } from './comprehend-response.js';
import { billedUnits, costUsd, type ComprehendOperation } from './comprehend.prices.js';

/** The `engine.name` of a reply; its version is DetectEntitiesV2's `ModelVersion`. */
export const COMPREHEND_ENGINE_NAME = 'amazon-comprehend-medical';

/**
 * A Comprehend Medical client for the assistant. The SDK never retries (`maxAttempts: 1`): the
 * ProviderCaller does, with its own timeout and breaker. Without `credentials` the SDK's default
 * chain applies; nothing here reads the environment.
 */
export function createComprehendClient(options: {
  readonly region: string;
  readonly endpoint?: string | undefined;
  readonly credentials?: ComprehendMedicalClientConfig['credentials'];
}): ComprehendMedicalClient {
  return new ComprehendMedicalClient({
    region: options.region,
    maxAttempts: 1,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
}

/**
 * Proposes medications (with RxNorm codes) and conditions (with ICD-10-CM codes and negation)
 * from Amazon Comprehend Medical. The lines go out in chunks within the service's size limits;
 * each chunk is read by DetectEntitiesV2, then InferRxNorm when it holds a medication and
 * InferICD10CM when it holds a condition. Offsets are mapped back to the page and line cited.
 */
export class ComprehendAssistant implements InterpretationAssistant {
  readonly provider = 'comprehend' as const;
  readonly #client: ComprehendMedicalClient;
  readonly #caller: ProviderCaller;
  readonly #metrics: ProviderMetrics;

  constructor(options: {
    client: ComprehendMedicalClient;
    caller: ProviderCaller;
    metrics: ProviderMetrics;
  }) {
    this.#client = options.client;
    this.#caller = options.caller;
    this.#metrics = options.metrics;
  }

  async propose(
    lines: readonly OutboundLine[],
    _local: Interpretation,
    signal: AbortSignal,
  ): Promise<AssistantReply> {
    const medications: ProposedMedication[] = [];
    const conditions: ProposedCondition[] = [];
    let version: string | undefined;
    let cost = 0;
    const call = async (operation: ComprehendOperation, chunk: TextChunk) => {
      const answer = await this.#send(operation, chunk, signal);
      const units = billedUnits(chunk.text);
      this.#metrics.billedUnits.inc({ provider: 'comprehend', unit: '100_chars' }, units);
      cost += costUsd(operation, units);
      return answer;
    };
    for (const chunk of chunkLines(lines)) {
      const detected = await call('DetectEntitiesV2', chunk);
      version ??= detected.version;
      let rxnorm: FoundEntity[] = [];
      if (medicationEntities(detected.entities).length > 0)
        rxnorm = (await call('InferRxNorm', chunk)).entities;
      let icd10: FoundEntity[] = [];
      if (conditionEntities(detected.entities).length > 0)
        icd10 = (await call('InferICD10CM', chunk)).entities;
      medications.push(...medicationsOf(detected.entities, rxnorm, chunk));
      conditions.push(...conditionsOf(detected.entities, icd10, chunk));
    }
    return {
      proposal: { labs: [], medications, conditions },
      engine: { name: COMPREHEND_ENGINE_NAME, version: version ?? 'unknown' },
      costUsd: cost,
    };
  }

  /**
   * One operation on one chunk through the caller. The answer is checked inside the attempt, so
   * a malformed one is an `invalid_response` the caller retries like any transient failure.
   */
  async #send(
    operation: ComprehendOperation,
    chunk: TextChunk,
    signal: AbortSignal,
  ): Promise<{ entities: FoundEntity[]; version: string | undefined }> {
    // An answer's PaginationToken is ignored: these requests take no token to continue from, so
    // there is nothing to page through (and no loop to get stuck in).
    const input = { Text: chunk.text };
    return this.#caller.call(
      operation,
      async (attemptSignal) => {
        const options = { abortSignal: attemptSignal };
        switch (operation) {
          case 'DetectEntitiesV2': {
            const output = await this.#client.send(new DetectEntitiesV2Command(input), options);
            return { entities: readEntities(output, chunk), version: modelVersion(output) };
          }
          case 'InferRxNorm': {
            const output = await this.#client.send(new InferRxNormCommand(input), options);
            return { entities: readEntities(output, chunk, 'RxNormConcepts'), version: undefined };
          }
          case 'InferICD10CM': {
            const output = await this.#client.send(new InferICD10CMCommand(input), options);
            return { entities: readEntities(output, chunk, 'ICD10CMConcepts'), version: undefined };
          }
        }
      },
      signal,
    );
  }
}
