import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import {
  startAnthropicServer,
  sentLines,
  TEST_ANTHROPIC_KEY,
  toolUseMessage,
  type AnthropicServer,
  type MessagesReply,
} from '../helpers/providers/anthropic-server.js';
import { CANARIES } from '../helpers/providers/documents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const HEADER = [
  `Patient: ${CANARIES.first} ${CANARIES.last}   MRN: ${CANARIES.mrn}`,
  `Phone: ${CANARIES.phone}   DOB: 03/14/1961`,
];

/** Explains every lab row it was sent, citing the line. */
function explainer(call: Parameters<Parameters<typeof startAnthropicServer>[0]>[0]): MessagesReply {
  const labs = sentLines(call).flatMap((line) => {
    const row = SAMPLE_ROWS.find((r) => line.text.startsWith(r.name));
    return row === undefined
      ? []
      : [
          {
            page: line.page,
            line: line.line,
            name: row.name,
            value: row.value,
            explanation: `${row.name} is explained in plain words here.`,
          },
        ];
  });
  return { message: toolUseMessage({ labs, medications: [], conditions: [] }) };
}

async function process(t: TestApp) {
  const client = new SerenyaClient({ baseUrl: t.url, token: await t.token() });
  const pdf = await makeLabReportPdf(SAMPLE_ROWS, { header: HEADER });
  const { job } = await client.upload(pdf, { contentType: 'application/pdf' });
  const done = await client.waitUntilDone(job.id);
  return { client, job, done };
}

function claudeEnv(server: AnthropicServer, extra: Record<string, string> = {}) {
  return {
    SERENYA_INTERPRETER: 'claude',
    ANTHROPIC_API_KEY: TEST_ANTHROPIC_KEY,
    ANTHROPIC_BASE_URL: server.url,
    SERENYA_PROVIDER_RETRY_DELAY_MS: '5',
    ...extra,
  };
}

describe('SERENYA_INTERPRETER=claude, end to end over HTTP', () => {
  let server: AnthropicServer;
  let replies: ((call: Parameters<typeof explainer>[0]) => MessagesReply)[] = [];
  before(async () => {
    server = await startAnthropicServer((call) => (replies.shift() ?? explainer)(call));
  });
  after(() => server.close());

  test('a document is interpreted through the real SDK; the engine block names the model', async () => {
    replies = [];
    const t = await startTestApp(claudeEnv(server));
    try {
      const before = server.calls.length;
      const { client, job, done } = await process(t);
      assert.equal(done.status, 'succeeded');
      const result = await client.result(job.id);
      assert.deepEqual(result.engine, { name: 'claude', version: 'claude-sonnet-5-5-20260928' });
      assert.equal(result.labs.length, SAMPLE_ROWS.length);
      const flagged = result.summary.items.map((i) => i.text).join(' ');
      assert.match(flagged, /is explained in plain words here/);
      assert.equal(server.calls.length, before + 1);
      const raw = server.calls.at(-1)?.rawBody ?? '';
      for (const canary of Object.values(CANARIES)) {
        assert.ok(!raw.includes(canary), `request carried ${canary}`);
        assert.ok(!t.logs.text.includes(canary), `log carried ${canary}`);
      }
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      assert.match(
        metrics,
        /serenya_provider_requests_total\{provider="claude",operation="messages.create",result="ok"\} 1/,
      );
      assert.match(metrics, /serenya_provider_job_cost_usd_count\{provider="claude"\} 1/);
      await client.acknowledge(job.id);
      await t.expectNoFiles();
    } finally {
      await t.stop();
    }
  });

  test('529 then 200: the job succeeds after a retry of the call', async () => {
    replies = [() => ({ status: 529, errorType: 'overloaded_error' })];
    const t = await startTestApp(claudeEnv(server));
    try {
      const before = server.calls.length;
      const { client, job, done } = await process(t);
      assert.equal(done.status, 'succeeded');
      assert.equal(done.attempts, 1, 'retried inside the attempt, not as a job retry');
      assert.equal(server.calls.length, before + 2);
      assert.equal((await client.result(job.id)).engine.name, 'claude');
    } finally {
      await t.stop();
    }
  });
});

describe('Claude unavailable', () => {
  test('server down: the job succeeds on the embedded engine, with a warning', async () => {
    const down = await startAnthropicServer(explainer);
    await down.close();
    const t = await startTestApp(claudeEnv(down));
    try {
      const { client, job, done } = await process(t);
      assert.equal(done.status, 'succeeded');
      const result = await client.result(job.id);
      assert.equal(result.engine.name, 'serenya-local');
      assert.equal(result.labs.length, SAMPLE_ROWS.length);
      assert.ok(
        result.warnings.some((w) => w.includes('Claude was unavailable')),
        result.warnings.join(),
      );
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      assert.match(
        metrics,
        /serenya_provider_fallbacks_total\{provider="claude",reason="network"\} 1/,
      );
      await client.acknowledge(job.id);
      await t.expectNoFiles();
    } finally {
      await t.stop();
    }
  });

  test('required and down: the job retries, then fails with provider_unavailable; nothing left', async () => {
    const down = await startAnthropicServer(explainer);
    await down.close();
    const t = await startTestApp(
      claudeEnv(down, { SERENYA_PROVIDER_REQUIRED: 'true', SERENYA_MAX_RETRIES: '1' }),
    );
    try {
      const { done } = await process(t);
      assert.equal(done.status, 'failed');
      assert.equal(done.attempts, 2);
      assert.equal(done.error?.code, 'provider_unavailable');
      await t.expectNoFiles();
    } finally {
      await t.stop();
    }
  });
});
