import type { PhiKind } from '../../../domain/result.js';
import { findPhi } from './phi-detector.js';

/** A neutral placeholder per kind: readable for a language model, carries nothing personal. */
const PLACEHOLDER: Record<PhiKind, string> = {
  name: '[NAME]',
  date: '[DATE]',
  identifier: '[ID]',
  address: '[ADDRESS]',
  phone: '[PHONE]',
  email: '[EMAIL]',
  age: '[AGE]',
};

interface Span {
  readonly kind: PhiKind;
  readonly start: number;
  readonly end: number;
}

/**
 * Replaces each span by its placeholder ("Mr. John Smith" -> "Mr. [NAME]"). Overlapping or
 * touching spans become one placeholder, named after the longest span among them; offsets are
 * clamped to the text and empty spans ignored, so a stale or sloppy span list cannot leak or
 * throw.
 */
export function redact(text: string, matches: readonly Span[]): string {
  const spans = matches
    .map((m) => ({ kind: m.kind, start: Math.max(0, m.start), end: Math.min(text.length, m.end) }))
    .filter((m) => m.end > m.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (let i = 0; i < spans.length;) {
    const first = spans[i];
    if (first === undefined) break;
    let end = first.end;
    let longest = first;
    let j = i + 1;
    for (let next = spans[j]; next !== undefined && next.start <= end; next = spans[++j]) {
      end = Math.max(end, next.end);
      if (next.end - next.start > longest.end - longest.start) longest = next;
    }
    out += text.slice(at, first.start) + PLACEHOLDER[longest.kind];
    at = end;
    i = j;
  }
  return out + text.slice(at);
}

/** Detects and redacts in one step: what goes to an external provider. */
export function redactPhi(text: string): string {
  return redact(text, findPhi(text));
}
