/**
 * NegEx-style negation: a trigger before a finding ("no", "denies", "negative for", "without",
 * "no evidence of") negates what follows until a terminator ("but", "however", a period or a
 * semicolon) or ten words; a trigger after it ("was ruled out", "unlikely") negates the few words
 * before. Pseudo-triggers ("no change", "not only", "gram negative") negate nothing.
 */
const PSEUDO =
  /^(?:no\s+(?:increase|change|significant\s+change|further|suspicious\s+change|interval\s+change|acute\s+distress\b(?!\s+from))|not\s+(?:only|necessarily|certain\s+(?:if|whether)|ruled\s+out|been\s+ruled\s+out|drain)|without\s+(?:difficulty|any\s+further|incident|complications?\s+during)|gram\s+negative|no\s+doubt)/i;

const PRE =
  /\b(?:no\s+(?:(?:prior|previous|past|known|other|further|personal)\s+)?(?:history|evidence|signs?|symptoms?|complaints?|h\/o|hx|episodes?|diagnosis|findings?|recurrence)\s+(?:of|for)\b|no\s+(?:known|prior|previous|new|acute|active|significant|obvious|apparent|definite|focal|further|recent)\b|no|not|denies|denied|denying|deny|without|negative\s+for|free\s+of|absence\s+of|never\s+(?:had|been\s+diagnosed\s+with)|never|ruled\s+out\s+for|rules\s+out|(?:does|did|do)\s+not\s+have|doesn't\s+have|didn't\s+have|fails?\s+to\s+reveal|unremarkable\s+for|resolution\s+of|neither|nor)\b/gi;

const POST =
  /\b(?:(?:was|were|is|are|has\s+been|have\s+been|been)\s+)?(?:ruled\s+out(?!\s+for)|unlikely|not\s+seen|absent|excluded|not\s+present|negative(?!\s+for))\b/gi;

const TERMINATOR =
  /[.;:!?]|\s-\s|\b(?:but|however|although|though|except|aside\s+from|apart\s+from|other\s+than|which|who|whose|secondary\s+to|due\s+to|because|since|presents?|presented|complains?|complaining|reports?|reported|states?|has|had|yet|still|now|with\s+the\s+exception)\b/gi;

const MAX_WORDS = 10;
const POST_WORDS = 5;

export interface Span {
  readonly start: number;
  readonly end: number;
}

function nextTerminator(text: string, from: number): number {
  TERMINATOR.lastIndex = from;
  const m = TERMINATOR.exec(text);
  return m === null ? text.length : m.index;
}

function lastTerminator(text: string, before: number): number {
  let last = 0;
  TERMINATOR.lastIndex = 0;
  for (let m = TERMINATOR.exec(text); m !== null && m.index < before; m = TERMINATOR.exec(text)) {
    last = m.index + m[0].length;
  }
  return last;
}

/** The end of the n-th word after `from` (or the text's end). */
function wordsAfter(text: string, from: number, n: number): number {
  const re = /\S+/g;
  re.lastIndex = from;
  let end = text.length;
  for (let i = 0; i < n; i++) {
    const m = re.exec(text);
    if (m === null) return text.length;
    end = m.index + m[0].length;
  }
  return end;
}

function wordsBefore(text: string, to: number, n: number): number {
  const starts = [...text.slice(0, to).matchAll(/\S+/g)].map((m) => m.index);
  return starts.length <= n ? 0 : (starts[starts.length - n] ?? 0);
}

/** The stretches of `text` that a negation trigger covers. */
export function negatedSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(PRE)) {
    if (PSEUDO.test(text.slice(m.index))) continue;
    const start = m.index + m[0].length;
    const end = Math.min(nextTerminator(text, start), wordsAfter(text, start, MAX_WORDS));
    if (end > start) spans.push({ start, end });
  }
  for (const m of text.matchAll(POST)) {
    if (PSEUDO.test(text.slice(Math.max(0, m.index - 6)))) continue;
    const end = m.index;
    const start = Math.max(lastTerminator(text, end), wordsBefore(text, end, POST_WORDS));
    if (end > start) spans.push({ start, end });
  }
  return spans;
}

/** Whether the text from `start` to `end` lies in a negation's scope. */
export function isNegated(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((s) => start >= s.start && end <= s.end + 1);
}
