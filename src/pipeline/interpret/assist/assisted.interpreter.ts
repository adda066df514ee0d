import { ServiceError } from '../../../domain/errors.js';
import type { Logger } from '../../../observability/logger.js';
import type { ExtractedDocument } from '../../extract/extractor.port.js';
import { ProviderError } from '../../providers/provider-error.js';
import type { ProviderMetrics } from '../../providers/provider-metrics.js';
import type { Interpretation, Interpreter } from '../interpreter.port.js';
import { NOTHING_FOUND } from '../local.interpreter.js';
import { detectNumberStyle } from '../labs/numbers.js';
import { documentLines } from '../source-lines.js';
import type { InterpretationAssistant } from './assistant.port.js';
import { GroundTruth } from './grounding.js';
import { mergeConditions, mergeMedications } from './merge-clinical.js';
import { mergeLabs } from './merge-labs.js';
import { outboundLines } from './outbound-lines.js';

export interface AssistedOptions {
  /** Fail the job instead of falling back when the provider is unavailable. */
  readonly required: boolean;
  /** Replace PHI by placeholders in what the provider sees. */
  readonly minimisePhi: boolean;
  readonly metrics: ProviderMetrics;
  readonly logger: Logger;
}

const PROVIDER_LABEL = {
  claude: 'Claude',
  comprehend: 'Amazon Comprehend Medical',
  textract: 'Amazon Textract',
};

/**
 * The embedded engine with an external provider on top. The engine reads the document first;
 * the provider sees the minimised lines and what the engine found, and proposes; the merge rule
 * (docs/providers.md) keeps the engine's readings and adds only what is printed on the line the
 * provider cites. When the provider is unavailable past its retries, the engine's result is
 * returned with a warning, or the job fails with provider_unavailable if the provider is required.
 */
export class AssistedInterpreter implements Interpreter {
  readonly engine: { readonly name: string; readonly version: string };
  readonly #local: Interpreter;
  readonly #assistant: InterpretationAssistant;
  readonly #options: AssistedOptions;

  constructor(local: Interpreter, assistant: InterpretationAssistant, options: AssistedOptions) {
    this.#local = local;
    this.#assistant = assistant;
    this.#options = options;
    this.engine = local.engine;
  }

  async interpret(document: ExtractedDocument, signal: AbortSignal): Promise<Interpretation> {
    const local = await this.#local.interpret(document, signal);
    const lines = documentLines(document);
    const outbound = outboundLines(lines, local.phi, this.#options.minimisePhi);
    if (outbound.length === 0) return local;
    const provider = this.#assistant.provider;
    let reply;
    try {
      reply = await this.#assistant.propose(outbound, local, signal);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      this.#options.logger.warn({ err: error, provider, kind: error.kind }, 'provider unavailable');
      if (this.#options.required)
        throw new ServiceError('provider_unavailable', {
          cause: error,
          ...(error.retryAfterMs === undefined
            ? {}
            : { retryAfterSeconds: Math.ceil(error.retryAfterMs / 1000) }),
        });
      this.#options.metrics.fallbacks.inc({ provider, reason: error.kind });
      return {
        ...local,
        warnings: [
          ...local.warnings,
          `${PROVIDER_LABEL[provider]} was unavailable; this result comes from the embedded engine alone.`,
        ],
      };
    }
    this.#options.metrics.jobCost.observe({ provider }, reply.costUsd);
    const ground = new GroundTruth(lines, outbound);
    const style = detectNumberStyle(lines.map((line) => line.text));
    const labs = mergeLabs(local.labs, reply.proposal.labs, ground, style);
    const medications = mergeMedications(local.medications, reply.proposal.medications, ground);
    const conditions = mergeConditions(local.conditions, reply.proposal.conditions, ground);
    const disagreements = labs.disagreements + conditions.disagreements;
    const dropped = labs.dropped + medications.dropped + conditions.dropped;
    const label = PROVIDER_LABEL[provider];
    return {
      ...local,
      labs: labs.labs,
      medications: medications.items,
      conditions: conditions.items,
      explanations: labs.explanations,
      engine: reply.engine,
      warnings: [
        ...local.warnings.filter(
          (warning) =>
            warning !== NOTHING_FOUND ||
            labs.labs.length + medications.items.length + conditions.items.length === 0,
        ),
        ...(disagreements === 0
          ? []
          : [
              `${label} read ${disagreements} finding${disagreements === 1 ? '' : 's'} differently from the embedded engine; the engine's reading of the printed text was kept.`,
            ]),
        ...(dropped === 0
          ? []
          : [
              `${label} proposed ${dropped} finding${dropped === 1 ? '' : 's'} not printed on the line it cited; ${dropped === 1 ? 'it was' : 'they were'} left out.`,
            ]),
      ],
    };
  }
}
