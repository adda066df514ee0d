import type { MediaType } from '../src/domain/media-type.js';
import type { LabFlag, VitalKind } from '../src/domain/result.js';

/** One lab row of the ground truth: what the document printed, or what its source coded. */
export interface GoldLab {
  /** The test name as printed on the document (when the harness printed it). */
  readonly name: string;
  /** Other names that identify the same test (a source's display name, say). */
  readonly aliases?: readonly string[];
  readonly loinc?: string;
  readonly value: number;
  /** Units that count as the same unit: the printed one and its UCUM code; empty = unitless. */
  readonly units: readonly string[];
  /** Flag implied by the printed range (or printed by the source); undefined = not scored. */
  readonly flag?: NonNullable<LabFlag>;
  /** Page the row was printed on, when known (OCR keeps page 1 only). */
  readonly page?: number;
}

export interface GoldVital {
  readonly kind: VitalKind;
  readonly value?: number;
  readonly systolic?: number;
  readonly diastolic?: number;
  /** The source's unit, when it had one. */
  readonly unit?: string;
}

/** A personal detail printed on the document: the exact string, to be located in the text. */
export interface GoldPhi {
  readonly kind: 'name' | 'date' | 'identifier' | 'address' | 'age';
  readonly text: string;
  readonly page?: number;
}

export interface Gold {
  /** Undefined when the document's labs are not scored. */
  readonly labs?: readonly GoldLab[];
  /**
   * How a predicted lab's name is compared: `printed` when the harness printed the names itself
   * (exact, or a token prefix of a wrapped name); `loose` when the names come from coded entries
   * that the printed narrative may word differently (see score/labs.ts).
   */
  readonly labNames?: 'printed' | 'loose';
  readonly medications?: readonly string[];
  readonly conditions?: readonly string[];
  readonly vitals?: readonly GoldVital[];
  readonly phi?: readonly GoldPhi[];
  /** The document has no lab value: every reported lab is an error. */
  readonly noLabs?: boolean;
}

/** A document built in memory for one run; its id is anonymous ("synthea-text/a#3"). */
export interface EvalDocument {
  readonly id: string;
  /** The report row this document counts towards. */
  readonly source: string;
  readonly bytes: Uint8Array;
  readonly mediaType: MediaType;
  readonly gold: Gold;
  /** Expected to be slow (OCR): scheduled first. */
  readonly slow?: boolean;
}
