import type { PhiKind } from '../../../domain/result.js';

/** A span of personal detail: offsets into the text it was found in (end exclusive). */
export interface PhiMatch {
  readonly kind: PhiKind;
  readonly start: number;
  readonly end: number;
}

export type Hit = PhiMatch;
