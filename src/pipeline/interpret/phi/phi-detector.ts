import type { PhiKind, PhiSpan } from '../../../domain/result.js';
import type { SourceLine } from '../source-lines.js';
import { findContacts } from './contacts.js';
import { findDates } from './dates.js';
import { findFields } from './fields.js';
import type { Hit, PhiMatch } from './hit.js';
import { findIdentifiers } from './identifiers.js';
import { caseMode, LineView, type DocContext } from './line-view.js';
import { findPeople } from './people.js';
import { findPlaces } from './places.js';
import { isVocabulary } from './tokens.js';

export type { PhiMatch } from './hit.js';

/**
 * The embedded PHI detector: rules and lexicons, no model, no network. It reads a document
 * line by line, then reads it again to find the names and places it learnt from cues wherever
 * they recur ("Mr. Nicholson" teaches "Nicholson"). Lines are scanned in slices of bounded
 * length so that no line can make the regular expressions slow.
 */
const MAX_SLICE = 4000;

/** When spans overlap, the more specific kind wins (a phone number inside a name cue). */
const PRIORITY: Record<PhiKind, number> = {
  email: 0,
  phone: 1,
  identifier: 2,
  date: 3,
  age: 4,
  address: 5,
  name: 6,
};

/** PHI in one text; a text of several lines is one document (names learnt on one line count on all). */
export function findPhi(text: string): PhiMatch[] {
  const lines = text.split('\n');
  const starts: number[] = [];
  let at = 0;
  for (const line of lines) {
    starts.push(at);
    at += line.length + 1;
  }
  return detectLines(lines).flatMap((hits, i) =>
    hits.map((h) => ({
      kind: h.kind,
      start: h.start + (starts[i] ?? 0),
      end: h.end + (starts[i] ?? 0),
    })),
  );
}

/** PHI spans of a document's lines: offsets into each line's text, with its page and line. */
export function detectPhi(lines: readonly SourceLine[]): PhiSpan[] {
  const found = detectLines(lines.map((l) => l.text));
  return lines.flatMap((line, i) =>
    (found[i] ?? []).map((h) => ({
      kind: h.kind,
      page: line.page,
      line: line.line,
      start: h.start,
      end: h.end,
    })),
  );
}

function detectLines(texts: readonly string[]): Hit[][] {
  const ctx: DocContext = { mode: caseMode(texts), names: new Set(), places: new Set() };
  const views: LineView[][] = [];
  const found = texts.map((text, i) => {
    const hits: Hit[] = [];
    const sliceViews: LineView[] = [];
    for (const [offset, slice] of slices(text)) {
      const view = new LineView(slice, ctx);
      sliceViews.push(view);
      const local = [
        ...findContacts(slice),
        ...findIdentifiers(slice),
        ...findDates(slice),
        ...findFields(slice, ctx, offset === 0),
        ...findPeople(view),
        ...findPlaces(view),
      ];
      for (const h of local)
        hits.push({ kind: h.kind, start: h.start + offset, end: h.end + offset });
    }
    views[i] = sliceViews;
    return hits;
  });
  // Second pass: what the cues taught about this document.
  views.forEach((sliceViews, i) => {
    let offset = 0;
    for (const view of sliceViews) {
      for (const tok of view.tokens) {
        if (isVocabulary(tok.lower) && !ctx.names.has(tok.lower)) continue;
        const kind = ctx.names.has(tok.lower)
          ? 'name'
          : ctx.places.has(tok.lower)
            ? 'address'
            : undefined;
        if (kind !== undefined)
          found[i]?.push({ kind, start: tok.start + offset, end: tok.end + offset });
      }
      offset += view.text.length;
    }
  });
  return found.map(resolve);
}

/** Splits a long line at whitespace into slices of at most MAX_SLICE characters. */
function slices(text: string): [number, string][] {
  if (text.length <= MAX_SLICE) return [[0, text]];
  const out: [number, string][] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + MAX_SLICE);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > at + MAX_SLICE / 2) end = space;
    }
    out.push([at, text.slice(at, end)]);
    at = end;
  }
  return out;
}

/**
 * Sorted, de-duplicated spans; where spans of different kinds overlap, the higher-priority kind
 * keeps its span. Overlaps are resolved within clusters of overlapping spans, so the cost stays
 * linear in the number of spans however many a line has.
 */
function resolve(hits: Hit[]): Hit[] {
  const sorted = mergeSameKind(hits)
    .filter((h) => h.end > h.start)
    .sort((a, b) => a.start - b.start);
  const out: Hit[] = [];
  for (let i = 0; i < sorted.length;) {
    const first = sorted[i];
    if (first === undefined) break;
    let end = first.end;
    let j = i + 1;
    for (let next = sorted[j]; next !== undefined && next.start < end; next = sorted[++j])
      end = Math.max(end, next.end);
    out.push(...pick(sorted.slice(i, j)));
    i = j;
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Within one cluster of overlapping spans: by priority, then length, each span that fits. A span
 * that holds higher-priority ones keeps the rest of its text ("Address: 12 Elm Rd, Boise ID
 * 83702": the zip read as an identifier must not unmask the street).
 */
function pick(cluster: Hit[]): Hit[] {
  if (cluster.length === 1) return cluster;
  const kept: Hit[] = [];
  cluster.sort(
    (a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || b.end - b.start - (a.end - a.start),
  );
  for (const h of cluster) {
    const inside = kept.filter((k) => k.start < h.end && h.start < k.end);
    if (inside.length === 0) kept.push(h);
    else if (inside.every((k) => h.start <= k.start && k.end <= h.end)) {
      let at = h.start;
      for (const k of inside.sort((a, b) => a.start - b.start)) {
        if (k.start > at) kept.push({ kind: h.kind, start: at, end: k.start });
        at = Math.max(at, k.end);
      }
      if (h.end > at) kept.push({ kind: h.kind, start: at, end: h.end });
    }
  }
  return kept;
}

/** Unions overlapping spans of one kind ("Dr. John Bowman" and the lexicon's "John"). */
function mergeSameKind(hits: readonly Hit[]): Hit[] {
  const sorted = [...hits].sort((a, b) => a.kind.localeCompare(b.kind) || a.start - b.start);
  const out: Hit[] = [];
  for (const h of sorted) {
    const last = out[out.length - 1];
    if (last?.kind === h.kind && h.start < last.end) {
      out[out.length - 1] = { kind: h.kind, start: last.start, end: Math.max(last.end, h.end) };
    } else out.push(h);
  }
  return out;
}
