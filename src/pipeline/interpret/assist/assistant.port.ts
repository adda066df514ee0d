import type { Coding } from '../../../domain/result.js';
import type { ProviderName } from '../../providers/provider-error.js';
import type { Interpretation } from '../interpreter.port.js';

/**
 * One line of the document as a provider may see it: numbered as in the result's `pageTexts`,
 * with every PHI span already replaced by a placeholder (`[NAME]`, `[ID]`, …) unless the operator
 * turned minimisation off.
 */
export interface OutboundLine {
  readonly page: number;
  readonly line: number;
  readonly text: string;
}

/** A lab result a provider read on one line; the engine re-parses it from that line's text. */
export interface ProposedLab {
  readonly page: number;
  readonly line: number;
  readonly name: string;
  /** The value as printed on the line ("13.2", "<0.5", "Negative"). */
  readonly valueText: string;
  readonly unit?: string | undefined;
  /** The reference range as printed ("3.5-5.1", "< 200"). */
  readonly rangeText?: string | undefined;
  /** A plain-language explanation for the patient; never a diagnosis. */
  readonly explanation?: string | undefined;
}

export interface ProposedMedication {
  readonly page: number;
  readonly line: number;
  readonly name: string;
  readonly dose?: string | undefined;
  readonly route?: string | undefined;
  readonly frequency?: string | undefined;
  /** An RxNorm coding, when the provider linked one. */
  readonly code?: Coding | undefined;
  /** 0..1, the provider's own score when it gives one. */
  readonly score?: number | undefined;
}

export interface ProposedCondition {
  readonly page: number;
  readonly line: number;
  readonly name: string;
  readonly negated: boolean;
  /** An ICD-10-CM or SNOMED CT coding, when the provider linked one. */
  readonly code?: Coding | undefined;
  readonly score?: number | undefined;
}

/** What a provider proposes for one document. The merge rule decides what of it is kept. */
export interface Proposal {
  readonly labs: readonly ProposedLab[];
  readonly medications: readonly ProposedMedication[];
  readonly conditions: readonly ProposedCondition[];
}

export interface AssistantReply {
  readonly proposal: Proposal;
  /** Who produced the proposal, for the result's `engine` block (the model, the API version). */
  readonly engine: { readonly name: string; readonly version: string };
  /** Estimated cost of the calls at list price, in US dollars. */
  readonly costUsd: number;
}

/**
 * An external provider that reads the outbound (minimised) lines, knowing what the embedded
 * engine already found. Failures are ProviderErrors after the caller's retries.
 */
export interface InterpretationAssistant {
  readonly provider: ProviderName;
  /** Proposes labs, medications and conditions for the document's lines. */
  propose(
    lines: readonly OutboundLine[],
    local: Interpretation,
    signal: AbortSignal,
  ): Promise<AssistantReply>;
}
