import type { Span } from './negation.js';

/**
 * ConText-style hypothetical triggers: warnings and goals ("call your doctor if you have chest
 * pain", "Goal: weight loss") name conditions the patient may get or aims for, not ones they
 * have.
 */
const TRIGGER =
  /\b(?:if\s+(?:you|he|she|they|the\s+patient|there\s+is|there\s+are)\b|should\s+(?:you|he|she|they)\s+(?:develop|experience|have|notice|get)\b|in\s+(?:the\s+)?(?:case|event)\s+of\b|watch\s+(?:out\s+)?for\b|goals?\s*:)/gi;

/**
 * Where a trigger's scope ends: the sentence's end, or a main clause after the condition ("If
 * the cellulitis does not improve, we will admit her"); a comma before a list's next item ("if
 * you have chest pain, shortness of breath") does not end it.
 */
const SCOPE_END =
  /[.;!?](?:\s|$)|,\s+(?:then\s+)?(?:we|he|she|they|i|you|it|this|the\s+patient|patient)\b/i;

/** The stretches of `text` that a hypothetical trigger covers. */
export function hypotheticalSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(TRIGGER)) {
    const start = m.index + m[0].length;
    const stop = SCOPE_END.exec(text.slice(start));
    spans.push({ start, end: stop === null ? text.length : start + stop.index });
  }
  return spans;
}

/** Bullets and numbers that open a list item ("- ", "2. ", "- - "), digits folded together. */
export function itemMarker(text: string): string | undefined {
  const m = /^\s*((?:(?:[-•*]|\d{1,2}[.)])\s+)+)/.exec(text);
  return m?.[1]?.replace(/\d+/g, '9').replace(/\s+/g, ' ');
}

/** A line that introduces a list of warnings: "If you experience any of the following ...:". */
export function introducesWarnings(text: string): boolean {
  return /:\s*$/.test(text) && hypotheticalSpans(text).length > 0;
}
