/**
 * Finds lexicon phrases in text by whole words, longest match first. Phrases are indexed by their
 * first word so a line costs one map lookup per word, whatever the lexicon's size.
 */
export interface PhraseHit<T> {
  readonly start: number;
  readonly end: number;
  readonly value: T;
}

interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Letters, digits and inner apostrophes; hyphens and slashes split words. */
const WORD = /[A-Za-z0-9]+(?:'[A-Za-z]+)?/g;

export function words(text: string): Word[] {
  return [...text.matchAll(WORD)].map((m) => ({
    text: m[0].toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

interface Entry<T> {
  readonly tokens: readonly string[];
  readonly value: T;
  /** Abbreviations must be printed in capitals (HTN, not "htn" inside a word list). */
  readonly caseSensitive: string | undefined;
}

export class PhraseMatcher<T> {
  private readonly byFirst = new Map<string, Entry<T>[]>();

  /** Adds a phrase; `exactCase` requires the printed text to equal it letter for letter. */
  add(phrase: string, value: T, exactCase = false): void {
    const tokens = words(phrase).map((w) => w.text);
    const first = tokens[0];
    if (first === undefined) return;
    const list = this.byFirst.get(first) ?? [];
    list.push({ tokens, value, caseSensitive: exactCase ? phrase : undefined });
    // Longest first, so the first entry that fits is the best one.
    list.sort((a, b) => b.tokens.length - a.tokens.length);
    this.byFirst.set(first, list);
  }

  /** Non-overlapping hits, left to right. */
  find(text: string): PhraseHit<T>[] {
    const ws = words(text);
    const hits: PhraseHit<T>[] = [];
    let i = 0;
    while (i < ws.length) {
      const w = ws[i];
      const entries = w === undefined ? undefined : this.byFirst.get(w.text);
      const hit = entries === undefined ? undefined : this.matchAt(text, ws, i, entries);
      if (hit === undefined) {
        i += 1;
        continue;
      }
      hits.push(hit.hit);
      i += hit.length;
    }
    return hits;
  }

  private matchAt(
    text: string,
    ws: readonly Word[],
    i: number,
    entries: readonly Entry<T>[],
  ): { hit: PhraseHit<T>; length: number } | undefined {
    for (const entry of entries) {
      const n = entry.tokens.length;
      if (i + n > ws.length) continue;
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const a = ws[i + k];
        const b = ws[i + k - 1];
        // Words of a phrase sit next to each other: spaces or a hyphen between, nothing else.
        ok =
          a !== undefined &&
          a.text === entry.tokens[k] &&
          (k === 0 || (b !== undefined && /^[\s-]{1,3}$/.test(text.slice(b.end, a.start))));
      }
      if (!ok) continue;
      const start = ws[i]?.start ?? 0;
      const end = ws[i + n - 1]?.end ?? start;
      if (entry.caseSensitive !== undefined && text.slice(start, end) !== entry.caseSensitive) {
        continue;
      }
      return { hit: { start, end, value: entry.value }, length: n };
    }
    return undefined;
  }
}

/** "METOPROLOL TARTRATE" and "metoprolol" read as "Metoprolol Tartrate" / "Metoprolol". */
export function titleCase(text: string): string {
  return text.replace(/[A-Za-z][A-Za-z']*/g, (w) =>
    w === w.toUpperCase() || w === w.toLowerCase()
      ? (w[0] ?? '').toUpperCase() + w.slice(1).toLowerCase()
      : w,
  );
}

/** ALL-CAPS text becomes sentence case; mixed case stays as printed. */
export function sentenceCase(text: string): string {
  if (!/[A-Z]/.test(text) || /[a-z]/.test(text)) return text;
  const lower = text.toLowerCase();
  return (lower[0] ?? '').toUpperCase() + lower.slice(1);
}
