import {
  isAmbiguousName,
  isFunctionWord,
  isKnownName,
  isVocabulary,
  tokenize,
  type Token,
} from './tokens.js';

/** How a document is cased: only in mixed case does a capital letter say anything. */
export type CaseMode = 'upper' | 'lower' | 'mixed';

/** What detectors learn from one document and reuse on its other lines. */
export interface DocContext {
  readonly mode: CaseMode;
  /** Lower-case words found as names through a cue; found again wherever they recur. */
  readonly names: Set<string>;
  readonly places: Set<string>;
}

export function caseMode(texts: readonly string[]): CaseMode {
  let upper = 0;
  let lower = 0;
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) upper++;
      else if (c >= 97 && c <= 122) lower++;
    }
  }
  const total = upper + lower;
  if (total === 0) return 'mixed';
  if (lower / total < 0.15) return 'upper';
  if (upper / total < 0.03) return 'lower';
  return 'mixed';
}

/** The tokens of one line with the questions the name and place rules ask of them. */
export class LineView {
  readonly tokens: Token[];

  constructor(
    readonly text: string,
    readonly ctx: DocContext,
  ) {
    this.tokens = tokenize(text);
  }

  at(i: number): Token | undefined {
    return this.tokens[i];
  }

  /** Text between token i-1 and token i (the line's start for i = 0). */
  gapBefore(i: number): string {
    const tok = this.tokens[i];
    if (tok === undefined) return '';
    return this.text.slice(this.tokens[i - 1]?.end ?? 0, tok.start);
  }

  /** Text after the last token up to the end of the line, for i the last token. */
  rest(i: number): string {
    const tok = this.tokens[i];
    return tok === undefined ? '' : this.text.slice(tok.end, tok.end + 40);
  }

  lower(i: number): string {
    return this.tokens[i]?.lower ?? '';
  }

  /** Capitalised, in a mixed-case document; in an all-caps or all-lower one, any word. */
  cap(i: number): boolean {
    const tok = this.tokens[i];
    if (tok === undefined) return false;
    return this.ctx.mode !== 'mixed' || /^[A-Z]/.test(tok.text);
  }

  isFunction(i: number): boolean {
    return isFunctionWord(this.lower(i)) && !this.isInitial(i);
  }

  isVocab(i: number): boolean {
    return isVocabulary(this.lower(i));
  }

  isName(i: number): boolean {
    const w = this.lower(i);
    return isKnownName(w) || isAmbiguousName(w);
  }

  /** A single letter followed by a dot ("J. Smith"), not part of "a.m." or "e.g.". */
  isInitial(i: number): boolean {
    const tok = this.tokens[i];
    if (tok?.text.length !== 1) return false;
    const after = this.text.slice(tok.end, tok.end + 3);
    if (!/^\.(?:\s|-|$)/.test(after)) return false;
    // Not "90'S.", "U/O.", "A&O.", "e.g.": an initial stands after a space or a bracket.
    return /^(?:|.*[\s(,;:"])$/.test(this.text.slice(Math.max(0, tok.start - 1), tok.start));
  }

  /** Tokens i-1 and i are written as one name: separated by spaces, a hyphen, or an initial's dot. */
  joined(i: number): boolean {
    const gap = this.gapBefore(i);
    if (/^ {1,2}$|^-$/.test(gap)) return true;
    return /^\. ?$/.test(gap) && this.isInitial(i - 1);
  }

  /** A word that may continue a name: a listed name, an initial, or an unknown word. */
  nameLike(i: number): boolean {
    if (this.at(i) === undefined || this.isFunction(i)) return false;
    if (this.isInitial(i) || isKnownName(this.lower(i))) return true;
    return !this.isVocab(i) && this.cap(i) && this.lower(i).length >= 2;
  }
}
