import Anthropic from '@anthropic-ai/sdk';
import type { ProviderCaller } from '../../providers/provider-caller.js';
import { ProviderError } from '../../providers/provider-error.js';
import type { ProviderMetrics } from '../../providers/provider-metrics.js';
import type {
  AssistantReply,
  InterpretationAssistant,
  OutboundLine,
  Proposal,
} from '../assist/assistant.port.js';
import type { Interpretation } from '../interpreter.port.js';
import { claudeCostUsd } from './claude.prices.js';
import { SYSTEM_PROMPT, TOOL_NAME, userMessage } from './claude.prompt.js';
import { FINDINGS_INPUT_SCHEMA, isFindings, type Findings } from './claude.schema.js';

export interface ClaudeOptions {
  readonly client: Anthropic;
  readonly caller: ProviderCaller;
  readonly metrics: ProviderMetrics;
  readonly model: string;
  /** Output budget of one answer; an answer cut at this limit is retried as invalid. */
  readonly maxTokens?: number;
}

/** The Anthropic client for the service: our caller retries and times out, never the SDK. */
export function createClaudeClient(options: {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
}): Anthropic {
  return new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseUrl,
    maxRetries: 0,
    // The caller's own per-call timeout fires first; this is the SDK's backstop.
    timeout: options.timeoutMs + 5000,
  });
}

/**
 * Claude through the Messages API with one strict tool, `record_findings`, whose input schema
 * mirrors our result fields. The answer is validated on return: an answer without the tool call,
 * cut short, or failing the schema is an `invalid_response`, retried like a 5xx.
 */
export class ClaudeAssistant implements InterpretationAssistant {
  readonly provider = 'claude' as const;
  readonly #options: ClaudeOptions;

  constructor(options: ClaudeOptions) {
    this.#options = options;
  }

  async propose(
    lines: readonly OutboundLine[],
    local: Interpretation,
    signal: AbortSignal,
  ): Promise<AssistantReply> {
    const { client, caller, metrics, model } = this.#options;
    const content = userMessage(lines, local);
    let costUsd = 0;
    const { findings, answeredBy } = await caller.call(
      'messages.create',
      async (callSignal) => {
        const message = await client.messages.create(
          {
            model,
            max_tokens: this.#options.maxTokens ?? 16000,
            system: SYSTEM_PROMPT,
            // Forced tool choice is refused by current models; the prompt asks for the call and
            // the answer is checked for it.
            tool_choice: { type: 'auto' },
            tools: [
              {
                name: TOOL_NAME,
                description:
                  'Records the lab results, medications and conditions printed in the document.',
                input_schema: FINDINGS_INPUT_SCHEMA,
                strict: true,
              },
            ],
            messages: [{ role: 'user', content }],
          },
          { signal: callSignal, maxRetries: 0 },
        );
        const inputTokens = message.usage.input_tokens;
        const outputTokens = message.usage.output_tokens;
        metrics.tokens.inc({ provider: 'claude', direction: 'in' }, inputTokens);
        metrics.tokens.inc({ provider: 'claude', direction: 'out' }, outputTokens);
        costUsd += claudeCostUsd(message.model, inputTokens, outputTokens);
        const call = message.content.find(
          (block) => block.type === 'tool_use' && block.name === TOOL_NAME,
        );
        const input = call?.type === 'tool_use' ? call.input : undefined;
        if (message.stop_reason === 'max_tokens' || !isFindings(input))
          throw new ProviderError('claude', 'invalid_response');
        return { findings: input, answeredBy: message.model };
      },
      signal,
    );
    return {
      proposal: toProposal(findings),
      engine: { name: 'claude', version: answeredBy },
      costUsd,
    };
  }
}

function toProposal(findings: Findings): Proposal {
  return {
    labs: findings.labs.map((lab) => ({
      page: lab.page,
      line: lab.line,
      name: lab.name,
      valueText: lab.value,
      unit: lab.unit,
      rangeText: lab.range,
      explanation: lab.explanation,
    })),
    medications: findings.medications,
    conditions: findings.conditions,
  };
}
