import type { Condition, LabResult, Medication, PhiSpan, Vital } from '../../domain/result.js';
import type { ExtractedDocument } from '../extract/extractor.port.js';

export interface Interpretation {
  readonly labs: LabResult[];
  readonly medications: Medication[];
  readonly conditions: Condition[];
  readonly vitals: Vital[];
  /** Where personal details are, as offsets into lines; used to redact before anything leaves. */
  readonly phi: PhiSpan[];
  /** BCP 47 language of the document, when known. */
  readonly language: string | null;
  readonly warnings: string[];
  /** Who produced this interpretation, when not the interpreter's own engine (a provider's model). */
  readonly engine?: { readonly name: string; readonly version: string };
  /** Plain-language explanations from a provider, by index into `labs`. */
  readonly explanations?: ReadonlyMap<number, string>;
}

/** Reads clinical meaning from extracted text. */
export interface Interpreter {
  /** Engine name and version, reported in the result. */
  readonly engine: { readonly name: string; readonly version: string };
  /** Interprets one document. */
  interpret(document: ExtractedDocument, signal: AbortSignal): Promise<Interpretation>;
}
