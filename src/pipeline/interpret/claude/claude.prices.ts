/**
 * List prices in US dollars per million tokens (input, output), from Anthropic's model pages
 * (https://platform.claude.com/docs/en/about-claude/pricing) as recorded on 2026-11-23. They feed
 * the estimated cost metric only; re-check them when prices change. Unknown models are priced
 * as the default Sonnet.
 */
const PER_MILLION: Readonly<Record<string, readonly [input: number, output: number]>> = {
  'claude-sonnet-5-5': [2, 10],
  'claude-sonnet-5': [2, 10],
  'claude-opus-5-5': [4, 20],
  'claude-opus-5': [5, 25],
  'claude-haiku-4-5': [1, 5],
  'claude-sonnet-4-5': [3, 15],
};
const DEFAULT_MODEL = 'claude-sonnet-5-5';

/** Estimated cost of one call. Model ids with a date suffix are priced as their family. */
export function claudeCostUsd(model: string, inputTokens: number, outputTokens: number): number {
  const family = Object.keys(PER_MILLION)
    .filter((name) => model === name || model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  const [input, output] = PER_MILLION[family ?? DEFAULT_MODEL] ?? [2, 10];
  return (inputTokens * input + outputTokens * output) / 1_000_000;
}
