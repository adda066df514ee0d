import type { Coding } from '../../../domain/result.js';
import type { ProposedCondition, ProposedMedication } from '../assist/assistant.port.js';
import { locate, type TextChunk } from './comprehend-chunks.js';
import type { Concept, FoundEntity, Scored } from './comprehend-response.js';

/** Entities, attributes, traits and linked codes scored below this are not used. */
export const MIN_SCORE = 0.5;

/** FHIR code systems of the codes the service links. */
export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';

const MEDICATION_TYPES = new Set(['GENERIC_NAME', 'BRAND_NAME']);
/** Traits saying the drug is not the patient's current one, which a proposal cannot express. */
const NOT_TAKEN = new Set(['NEGATION', 'HYPOTHETICAL', 'PERTAINS_TO_FAMILY', 'LOW_CONFIDENCE']);
/**
 * Traits saying the condition is not the patient's (a relative's, a hypothesis, a doubt); a
 * condition with DIAGNOSIS, SIGN, SYMPTOM, NEGATION, PAST_HISTORY or no trait is kept.
 */
const NOT_PATIENTS = new Set(['HYPOTHETICAL', 'PERTAINS_TO_FAMILY', 'LOW_CONFIDENCE']);
const NEGATED = new Set(['NEGATION']);

// A redaction placeholder such as [NAME], or what is left of one at the edge of an entity.
const PLACEHOLDER = /\[[A-Z]|[A-Z]\]/;

const usable = (entity: FoundEntity) =>
  entity.score >= MIN_SCORE && entity.text.trim() !== '' && !PLACEHOLDER.test(entity.text);
const hasTrait = (entity: FoundEntity, names: ReadonlySet<string>) =>
  entity.traits.some((t) => names.has(t.name) && t.score >= MIN_SCORE);

/** The medications DetectEntitiesV2 found in a chunk, with the RxNorm codes InferRxNorm linked. */
export function medicationsOf(
  detected: readonly FoundEntity[],
  linked: readonly FoundEntity[],
  chunk: TextChunk,
): ProposedMedication[] {
  return medicationEntities(detected).map((entity) => {
    const attribute = (...types: string[]) => attributeOf(entity.attributes, types);
    const code = coding(RXNORM_SYSTEM, matching(entity, linked)?.concepts);
    return {
      ...locate(chunk, entity.begin),
      name: entity.text.trim(),
      dose: attribute('STRENGTH') ?? attribute('DOSAGE'),
      route: attribute('ROUTE_OR_MODE'),
      frequency: attribute('FREQUENCY'),
      code,
      score: entity.score,
    };
  });
}

/** The conditions DetectEntitiesV2 found in the chunk, with the codes InferICD10CM linked. */
export function conditionsOf(
  detected: readonly FoundEntity[],
  linked: readonly FoundEntity[],
  chunk: TextChunk,
): ProposedCondition[] {
  return conditionEntities(detected).map((entity) => ({
    ...locate(chunk, entity.begin),
    name: entity.text.trim(),
    negated: hasTrait(entity, NEGATED),
    code: coding(ICD10CM_SYSTEM, matching(entity, linked)?.concepts),
    score: entity.score,
  }));
}

/** Medication entities worth proposing (and worth asking InferRxNorm about). */
export function medicationEntities(detected: readonly FoundEntity[]): FoundEntity[] {
  return detected.filter(
    (e) =>
      e.category === 'MEDICATION' &&
      MEDICATION_TYPES.has(e.type) &&
      usable(e) &&
      !hasTrait(e, NOT_TAKEN),
  );
}

/** Condition entities worth proposing (and worth asking InferICD10CM about). */
export function conditionEntities(detected: readonly FoundEntity[]): FoundEntity[] {
  return detected.filter(
    (e) => e.category === 'MEDICAL_CONDITION' && usable(e) && !hasTrait(e, NOT_PATIENTS),
  );
}

function attributeOf(attributes: readonly Scored[], types: readonly string[]): string | undefined {
  const found = attributes
    .filter((a) => types.includes(a.name) && a.score >= MIN_SCORE && a.text.trim() !== '')
    .filter((a) => !PLACEHOLDER.test(a.text))
    .sort((a, b) => b.score - a.score)[0];
  return found?.text.trim();
}

/** The linked entity over the same span, else one overlapping it; never a low-scored one. */
function matching(entity: FoundEntity, linked: readonly FoundEntity[]): FoundEntity | undefined {
  const candidates = linked.filter((l) => l.score >= MIN_SCORE);
  return (
    candidates.find((l) => l.begin === entity.begin && l.end === entity.end) ??
    candidates.find((l) => l.begin < entity.end && entity.begin < l.end)
  );
}

/** The best-scored concept, when it reaches the threshold. */
function coding(system: string, concepts: readonly Concept[] | undefined): Coding | undefined {
  const best = [...(concepts ?? [])].sort((a, b) => b.score - a.score)[0];
  if (best === undefined || best.score < MIN_SCORE) return undefined;
  return best.description === undefined
    ? { system, code: best.code }
    : { system, code: best.code, display: best.description };
}
