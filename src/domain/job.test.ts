import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  JOB_STATUSES,
  STAGES,
  canTransition,
  isTerminal,
  percentFor,
  type JobStatus,
  type Stage,
} from './job.js';

const TERMINAL: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

describe('job transitions', () => {
  it('marks exactly succeeded, failed and cancelled as terminal', () => {
    assert.deepEqual(JOB_STATUSES.filter(isTerminal), TERMINAL);
  });

  it('allows no transition out of a terminal state', () => {
    for (const from of TERMINAL)
      for (const to of JOB_STATUSES)
        assert.equal(canTransition(from, to), false, `${from} → ${to} must not be allowed`);
  });

  it('does not let a queued job succeed without processing', () => {
    assert.equal(canTransition('queued', 'succeeded'), false);
    assert.equal(canTransition('retrying', 'succeeded'), false);
  });

  it('allows the lifecycle the runner relies on', () => {
    const allowed: [JobStatus, JobStatus][] = [
      ['queued', 'processing'],
      ['processing', 'processing'], // a crashed attempt restarts
      ['processing', 'retrying'],
      ['retrying', 'processing'],
      ['processing', 'succeeded'],
      ['processing', 'failed'],
    ];
    for (const [from, to] of allowed)
      assert.equal(canTransition(from, to), true, `${from} → ${to}`);
  });

  it('never goes back to queued', () => {
    for (const from of JOB_STATUSES) assert.equal(canTransition(from, 'queued'), false, from);
  });

  it('lets every unfinished job be cancelled or failed', () => {
    for (const from of JOB_STATUSES.filter((s) => !isTerminal(s))) {
      assert.equal(canTransition(from, 'cancelled'), true, `${from} → cancelled`);
      assert.equal(canTransition(from, 'failed'), true, `${from} → failed`);
    }
  });
});

describe('percentFor', () => {
  function sequence(pages: number): number[] {
    const out: number[] = [];
    for (const stage of STAGES) {
      if (stage !== 'extract') {
        out.push(percentFor(stage));
        continue;
      }
      out.push(percentFor('extract'));
      for (let page = 0; page <= pages; page += 1) out.push(percentFor('extract', page, pages));
    }
    return out;
  }

  it('starts at 0 and ends at 100', () => {
    assert.equal(percentFor('queued'), 0);
    assert.equal(percentFor('done'), 100);
  });

  it('strictly increases from stage to stage', () => {
    const values = STAGES.map((stage: Stage) => percentFor(stage));
    for (let i = 1; i < values.length; i += 1)
      assert.ok(values[i]! > values[i - 1]!, `${STAGES[i]} (${values[i]}) ≤ ${STAGES[i - 1]}`);
  });

  for (const pages of [1, 2, 3, 7, 50, 2000]) {
    it(`never decreases over stages and ${pages} page(s), staying within 0..100`, () => {
      const values = sequence(pages);
      for (const [i, value] of values.entries()) {
        assert.ok(Number.isInteger(value), `${value} is not an integer`);
        assert.ok(value >= 0 && value <= 100, `${value} out of range`);
        if (i > 0)
          assert.ok(value >= values[i - 1]!, `decreased at step ${i}: ${values.join(',')}`);
      }
    });
  }

  it('moves through extraction page by page, between validate and interpret', () => {
    assert.ok(percentFor('extract', 1, 2) > percentFor('validate'));
    assert.ok(percentFor('extract', 1, 2) < percentFor('extract', 2, 2));
    assert.ok(percentFor('extract', 2, 2) < percentFor('interpret'));
  });

  it('clamps a page past the last one and survives zero pages', () => {
    assert.equal(percentFor('extract', 9, 3), percentFor('extract', 3, 3));
    assert.ok(percentFor('extract', 9, 3) <= percentFor('interpret'));
    assert.equal(percentFor('extract', 0, 0), percentFor('extract'));
  });
});
