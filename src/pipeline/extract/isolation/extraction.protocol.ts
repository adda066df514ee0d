import type { ErrorCode } from '../../../domain/errors.js';
import type { MediaType } from '../../../domain/media-type.js';

/** What the service asks an extraction child to do. */
export interface ExtractionTask {
  readonly bytes: Uint8Array;
  readonly mediaType: MediaType;
  readonly maxPages: number;
  readonly maxPixels: number;
}

/** Progress a child reports while it works. */
export interface ExtractionProgress {
  readonly page: number;
  readonly pages: number;
}

/** A failure the child could classify: a catalogue code and a user-facing detail. */
export interface ExtractionFailure {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly retryable: boolean;
}
