/**
 * The document's language, as far as the embedded engine can tell: English when common English
 * function words make up a fair share of the words, otherwise unknown (null). The engine reads
 * English reports; saying "en" only when it is clearly so keeps the field honest.
 */
const ENGLISH = new Set(
  'the of and to in is for with on by as at from or be are was this that not no an it patient result results range test reference normal high low report'.split(
    ' ',
  ),
);

export function detectLanguage(texts: readonly string[]): string | null {
  let words = 0;
  let english = 0;
  for (const text of texts) {
    for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
      words += 1;
      if (ENGLISH.has(word)) english += 1;
      if (words >= 5000) break;
    }
  }
  return words >= 20 && english / words >= 0.05 ? 'en' : null;
}
