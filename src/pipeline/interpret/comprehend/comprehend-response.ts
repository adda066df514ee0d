import { ProviderError } from '../../providers/provider-error.js';
import { resolveSpan, type TextChunk } from './comprehend-chunks.js';

/** A trait or an attribute as the service scored it. */
export interface Scored {
  readonly name: string;
  /** The attribute's text (empty for a trait). */
  readonly text: string;
  /** For an attribute, the lower of its own score and that of its link to the entity. */
  readonly score: number;
}

/** A code the service linked an entity to (RxNorm or ICD-10-CM). */
export interface Concept {
  readonly code: string;
  readonly description: string | undefined;
  readonly score: number;
}

/** One entity of an answer, checked, with its span in UTF-16 units of the chunk's text. */
export interface FoundEntity {
  readonly text: string;
  readonly category: string;
  readonly type: string;
  readonly score: number;
  readonly begin: number;
  readonly end: number;
  readonly traits: readonly Scored[];
  /** Attributes by type (DOSAGE, STRENGTH, ROUTE_OR_MODE, FREQUENCY, …). */
  readonly attributes: readonly Scored[];
  readonly concepts: readonly Concept[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const num = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : 0;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);

function invalid(): ProviderError {
  return new ProviderError('comprehend', 'invalid_response');
}

/**
 * The entities of a DetectEntitiesV2, InferRxNorm or InferICD10CM answer. Anything off the
 * documented shape (no `Entities` array, an entity that is not an object, offsets that are not
 * whole numbers inside the chunk) is an `invalid_response`: the answer is unusable, not partial.
 */
export function readEntities(
  output: unknown,
  chunk: TextChunk,
  concepts?: 'RxNormConcepts' | 'ICD10CMConcepts',
): FoundEntity[] {
  if (!isObject(output) || !Array.isArray(output.Entities)) throw invalid();
  return (output.Entities as unknown[]).map((entity) => {
    if (!isObject(entity)) throw invalid();
    const { BeginOffset: begin, EndOffset: end } = entity;
    if (
      !Number.isInteger(begin) ||
      !Number.isInteger(end) ||
      (begin as number) < 0 ||
      (begin as number) > (end as number) ||
      (end as number) > chunk.text.length
    )
      throw invalid();
    const text = str(entity.Text);
    const span = resolveSpan(chunk, begin as number, end as number, text);
    return {
      text,
      category: str(entity.Category),
      type: str(entity.Type),
      score: num(entity.Score),
      ...span,
      traits: list(entity.Traits)
        .filter(isObject)
        .map((t) => ({ name: str(t.Name), text: '', score: num(t.Score) })),
      attributes: list(entity.Attributes)
        .filter(isObject)
        .map((a) => ({
          name: str(a.Type),
          text: str(a.Text),
          score: Math.min(
            num(a.Score),
            a.RelationshipScore === undefined ? 1 : num(a.RelationshipScore),
          ),
        })),
      concepts: concepts === undefined ? [] : readConcepts(entity[concepts]),
    };
  });
}

function readConcepts(value: unknown): Concept[] {
  return list(value)
    .filter(isObject)
    .map((c) => ({
      code: str(c.Code),
      description: typeof c.Description === 'string' ? c.Description : undefined,
      score: num(c.Score),
    }))
    .filter((c) => c.code !== '');
}

/** The `ModelVersion` of an answer, when it names one. */
export function modelVersion(output: unknown): string | undefined {
  return isObject(output) && typeof output.ModelVersion === 'string' && output.ModelVersion !== ''
    ? output.ModelVersion
    : undefined;
}
