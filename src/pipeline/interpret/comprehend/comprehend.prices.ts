/** The Comprehend Medical operations this service calls. */
export type ComprehendOperation = 'DetectEntitiesV2' | 'InferRxNorm' | 'InferICD10CM';

/**
 * US dollars per billed unit (100 characters), per operation. These are the list prices as
 * recorded in the brief; they could not be verified offline and must be checked against
 * https://aws.amazon.com/comprehend/medical/pricing/ before anyone relies on the cost figures.
 */
export const COMPREHEND_PRICES_USD: Readonly<Record<ComprehendOperation, number>> = {
  DetectEntitiesV2: 0.01,
  InferRxNorm: 0.01,
  InferICD10CM: 0.01,
};

/** Characters in one billed unit. */
export const CHARACTERS_PER_UNIT = 100;
/** Comprehend Medical bills every request at least this many units. */
export const MINIMUM_UNITS = 3;

/** Units billed for one request whose text is `text`. */
export function billedUnits(text: string): number {
  let characters = 0;
  for (const _ of text) characters += 1;
  return Math.max(MINIMUM_UNITS, Math.ceil(characters / CHARACTERS_PER_UNIT));
}

/** List-price cost of `units` units of `operation`, in US dollars. */
export function costUsd(operation: ComprehendOperation, units: number): number {
  return units * COMPREHEND_PRICES_USD[operation];
}
