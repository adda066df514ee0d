// Scores the embedded interpreter against the shared fixtures' ground truth; exits 1 below a
// floor (eval/floors.ts). Prints aggregates and anonymous per-document counts only: the
// fixtures' patient names are canaries. See eval/README.md.
//
//   npm run eval [-- --json summary.json] [--docs] [--no-ocr] [--notes 40] [--fixtures DIR]
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createPipeline } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/observability/logger.js';
import { evaluateDeidIfPresent } from './deid.js';
import { buildDocuments, GROUPS, SOURCES } from './documents.js';
import { checkFloors, type Metric } from './floors.js';
import { runDocuments } from './pipeline-runner.js';
import type { DocumentScore } from './score/document.js';
import { deidLine, documentTable, floorTable, labTable, otherTable } from './report.js';
import { summarise, type SourceSummary } from './tally.js';

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    docs: { type: 'boolean', default: false },
    'no-ocr': { type: 'boolean', default: false },
    notes: { type: 'string', default: '40' },
    fixtures: { type: 'string' },
  },
});
const fixtures = resolve(values.fixtures ?? resolve(import.meta.dirname, '../../shared/fixtures'));
if (!existsSync(fixtures)) {
  process.stderr.write(`eval: the shared fixtures are absent (${fixtures}); nothing to score\n`);
  process.exit(2);
}

const started = performance.now();
const say = (text: string) => process.stdout.write(`${text}\n`);
const documents = await buildDocuments(fixtures, {
  ocr: !values['no-ocr'],
  notes: Number(values.notes),
});
say(
  `eval: ${documents.length} documents rendered in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

// The service's own pipeline: isolated extraction (pdf.js, OCR in child processes) and the
// configured interpreter, exactly as `serenya analyze` builds it. The eval entry is a process
// entry like src/main.ts, so it hands the environment to config.
// eslint-disable-next-line no-restricted-properties
const config = loadConfig(process.env, { requireSecrets: false });
const deps = createPipeline(config, createLogger('silent'));
let scores: DocumentScore[];
try {
  let done = 0;
  scores = await runDocuments(documents, deps, {
    concurrency: config.extraction.processes,
    timeoutSeconds: config.jobs.processingTimeoutSeconds,
    onDone: () => {
      done += 1;
      if (done % 25 === 0 || done === documents.length)
        say(`eval: ${done}/${documents.length} processed`);
    },
  });
} finally {
  await Promise.all(deps.extractors.map((e) => e.close?.() ?? Promise.resolve()));
}
const deid = await evaluateDeidIfPresent(fixtures);
const seconds = (performance.now() - started) / 1000;

const summaries = new Map<string, SourceSummary>();
for (const source of SOURCES) {
  const docs = scores.filter((s) => s.source === source);
  if (docs.length > 0) summaries.set(source, summarise(source, docs));
}
for (const [group, members] of Object.entries(GROUPS)) {
  const docs = scores.filter((s) => members.includes(s.source));
  if (docs.length > 0) summaries.set(group, summarise(group, docs));
}
const extra = new Map<string, Partial<Record<Metric, number | null>>>();
// A corpus that was there but failed to score fails its floor; a missing one is skipped.
if (deid.status !== 'skipped')
  extra.set('deid', { phiRecall: deid.status === 'measured' ? deid.recall : null });
const checks = checkFloors(summaries, SOURCES, extra);
const failed = checks.filter((c) => c.status === 'fail');

say('');
say(labTable([...summaries.values()]));
say('');
say(otherTable([...summaries.values()]));
say('');
say(deidLine(deid));
if (values.docs) {
  say('');
  say(documentTable(scores));
}
say('');
say(floorTable(checks));
say('');
say(
  `eval: ${scores.length} documents, engine ${deps.interpreter.engine.name} ${deps.interpreter.engine.version}, ` +
    `${seconds.toFixed(1)} s; ${failed.length === 0 ? 'every floor met' : `${failed.length} floor(s) not met`}`,
);

if (values.json !== undefined) {
  const summary = {
    engine: deps.interpreter.engine,
    seconds,
    sources: Object.fromEntries(summaries),
    deid,
    floors: checks.map((c) => ({ ...c.floor, source: c.source, value: c.value, status: c.status })),
    documents: scores,
  };
  await writeFile(values.json, `${JSON.stringify(summary, null, 2)}\n`);
}
process.exitCode = failed.length === 0 ? 0 : 1;
