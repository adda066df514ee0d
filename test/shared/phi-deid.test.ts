import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateDeid, formatScore } from '../../eval/phi-deid.js';
import { fixturesOrSkip } from './shared-fixtures.js';

/**
 * The embedded PHI detector on the PhysioNet deid gold standard (2,434 nursing notes, 1,779
 * PHI spans). Floors sit a little below the figures measured when they were set (span recall
 * 94.2%, precision 94.9%); only aggregate figures are printed, never note text.
 */
const dir = fixturesOrSkip('deid');

describe('PHI detection on the PhysioNet deid gold standard', { skip: dir === undefined }, () => {
  test('recall, precision and per-type recall stay above their floors', async (ctx) => {
    const score = await evaluateDeid(dir ?? '');
    for (const line of formatScore(score).split('\n')) ctx.diagnostic(line);

    assert.equal(score.notes, 2434);
    assert.equal(score.goldSpans, 1779);
    assert.ok(score.recall >= 0.92, `span recall ${score.recall.toFixed(3)}`);
    assert.ok(score.precision >= 0.9, `span precision ${score.precision.toFixed(3)}`);
    assert.ok(score.token.recall >= 0.92, `token recall ${score.token.recall.toFixed(3)}`);
    assert.ok(score.token.precision >= 0.9, `token precision ${score.token.precision.toFixed(3)}`);
    const recallOf = (...types: string[]) => {
      const rows = types.map((t) => score.recallByType[t] ?? { gold: 0, found: 0 });
      return rows.reduce((s, r) => s + r.found, 0) / rows.reduce((s, r) => s + r.gold, 0);
    };
    assert.ok(recallOf('HCPName', 'RelativeProxyName', 'PTName') >= 0.93, 'names');
    assert.ok(recallOf('Date', 'DateYear') >= 0.93, 'dates');
    assert.ok(recallOf('Location') >= 0.84, 'locations');
    assert.ok(recallOf('Phone') >= 0.95, 'phones');
    // The whole corpus (2 MB of text) in a few seconds, even on a shared machine.
    assert.ok(score.millis < 15_000, `${score.millis.toFixed(0)} ms`);
  });
});
