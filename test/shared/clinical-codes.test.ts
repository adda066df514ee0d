import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CONDITIONS } from '../../src/pipeline/interpret/clinical/condition-lexicon.js';
import { RXNORM_PRODUCTS } from '../../src/pipeline/interpret/clinical/rxnorm-products.js';
import { FIXTURES, fixturesOrSkip } from './shared-fixtures.js';

/**
 * Every code the clinical extractors can emit is checked against the shared references: RxNorm
 * products against reference/rxnorm_codes_seen_in_synthea.csv or the C-CDA ground truth, SNOMED
 * conditions against the C-CDA ground truth and the Synthea bundles. A pair passes only when the
 * code carries exactly that display somewhere, and is the code most often given that display
 * (the ground truth has a few mislabelled entries; a tie fails).
 */
const reference = fixturesOrSkip('reference');
const ccda = fixturesOrSkip('ccda/ground-truth');
const synthea = fixturesOrSkip('synthea');
const ready = reference !== undefined && ccda !== undefined && synthea !== undefined;

const key = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** How often each display was given each code, over every pair the sources hold. */
class Pairs {
  readonly byDisplay = new Map<string, Map<string, number>>();
  add(code: unknown, display: unknown): void {
    if (typeof code !== 'string' || typeof display !== 'string' || code === '' || display === '')
      return;
    const codes = this.byDisplay.get(key(display)) ?? new Map<string, number>();
    codes.set(code, (codes.get(code) ?? 0) + 1);
    this.byDisplay.set(key(display), codes);
  }
}

/** Calls `visit` on every object in a parsed JSON value. */
function walk(value: unknown, visit: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) for (const v of value) walk(v, visit);
  else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    visit(o);
    for (const v of Object.values(o)) walk(v, visit);
  }
}

function groundTruth(): { rxnorm: Pairs; snomed: Pairs } {
  const rxnorm = new Pairs();
  const snomed = new Pairs();
  const csv = readFileSync(join(FIXTURES, 'reference/rxnorm_codes_seen_in_synthea.csv'), 'utf8');
  for (const line of csv.split('\n').slice(1)) {
    const m = /^(\d+),("(?:[^"]|"")*"|[^,]*),/.exec(line);
    if (m !== null) rxnorm.add(m[1], (m[2] ?? '').replace(/^"|"$/g, '').replace(/""/g, '"'));
  }
  for (const file of readdirSync(join(FIXTURES, 'ccda/ground-truth'))) {
    const json: unknown = JSON.parse(
      readFileSync(join(FIXTURES, 'ccda/ground-truth', file), 'utf8'),
    );
    walk(json, (o) => {
      if (o.codeSystem === '2.16.840.1.113883.6.88') rxnorm.add(o.code, o.displayName);
      if (o.codeSystem === '2.16.840.1.113883.6.96') snomed.add(o.code, o.displayName);
    });
  }
  for (const file of readdirSync(join(FIXTURES, 'synthea')).filter((f) => f.endsWith('.json'))) {
    const json: unknown = JSON.parse(readFileSync(join(FIXTURES, 'synthea', file), 'utf8'));
    walk(json, (o) => {
      if (o.system === 'http://snomed.info/sct') snomed.add(o.code, o.display);
      if (o.system === 'http://www.nlm.nih.gov/research/umls/rxnorm') rxnorm.add(o.code, o.display);
    });
  }
  return { rxnorm, snomed };
}

function check(pairs: Pairs, code: string, display: string): string | undefined {
  const codes = pairs.byDisplay.get(key(display));
  const count = codes?.get(code) ?? 0;
  if (codes === undefined || count === 0) return `${code} is never "${display}"`;
  const rivals = [...codes].filter(([c, n]) => c !== code && n >= count).map(([c]) => c);
  return rivals.length === 0 ? undefined : `"${display}" is as often coded ${rivals.join(', ')}`;
}

describe('codes embedded in the clinical lexicons', { skip: !ready }, () => {
  const truth = ready ? groundTruth() : undefined;

  it('every RxNorm product pair appears in the reference files', () => {
    assert.ok(truth !== undefined);
    const problems = RXNORM_PRODUCTS.map(([code, display]) =>
      check(truth.rxnorm, code, display),
    ).filter((p) => p !== undefined);
    assert.deepEqual(problems, []);
    process.stdout.write(`clinical codes: ${RXNORM_PRODUCTS.length} RxNorm products verified\n`);
  });

  it('every SNOMED condition pair appears in the C-CDA ground truth or Synthea', () => {
    assert.ok(truth !== undefined);
    const coded = CONDITIONS.flatMap((c) => (c.snomed === undefined ? [] : [c.snomed]));
    const problems = coded
      .map((s) => check(truth.snomed, s.code, s.display))
      .filter((p) => p !== undefined);
    assert.deepEqual(problems, []);
    process.stdout.write(`clinical codes: ${coded.length} SNOMED conditions verified\n`);
  });
});
