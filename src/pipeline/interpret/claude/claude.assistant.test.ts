import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import {
  startAnthropicServer,
  sentLines,
  TEST_ANTHROPIC_KEY,
  toolUseMessage,
  type AnthropicServer,
  type MessagesCall,
  type MessagesReply,
} from '../../../../test/helpers/providers/anthropic-server.js';
import {
  CANARIES,
  LAB_REPORT_ROWS,
  extracted,
} from '../../../../test/helpers/providers/documents.js';
import { createLogger } from '../../../observability/logger.js';
import { ServiceError } from '../../../domain/errors.js';
import { ProviderCaller, type ResilienceSettings } from '../../providers/provider-caller.js';
import { ProviderMetrics } from '../../providers/provider-metrics.js';
import { AssistedInterpreter } from '../assist/assisted.interpreter.js';
import { LocalInterpreter } from '../local.interpreter.js';
import { ClaudeAssistant, createClaudeClient } from './claude.assistant.js';
import { classifyClaudeError } from './claude.classify.js';

const FAST: ResilienceSettings = {
  timeoutMs: 5000,
  retries: 2,
  baseDelayMs: 1,
  maxDelayMs: 3000,
  breakerThreshold: 50,
  breakerCooldownMs: 60_000,
};

function setup(
  url: string,
  options: { settings?: Partial<ResilienceSettings>; required?: boolean; key?: string } = {},
) {
  const registry = new Registry();
  const metrics = new ProviderMetrics(registry);
  const settings = { ...FAST, ...options.settings };
  const assistant = new ClaudeAssistant({
    client: createClaudeClient({
      apiKey: options.key ?? TEST_ANTHROPIC_KEY,
      baseUrl: url,
      timeoutMs: settings.timeoutMs,
    }),
    caller: new ProviderCaller({
      provider: 'claude',
      settings,
      metrics,
      classify: classifyClaudeError,
    }),
    metrics,
    model: 'claude-sonnet-5-5',
  });
  const interpreter = new AssistedInterpreter(new LocalInterpreter(), assistant, {
    required: options.required ?? false,
    minimisePhi: true,
    metrics,
    logger: createLogger('silent'),
  });
  return { interpreter, registry };
}

/** A scripted "model": it reads the lines it was sent and answers about them. */
function reader(call: MessagesCall): MessagesReply {
  const lines = sentLines(call);
  const find = (word: string) => lines.find((l) => l.text.toLowerCase().includes(word));
  const hb = find('hemoglobin');
  const ferritin = find('ferritin');
  const header = find('[name]');
  return {
    message: toolUseMessage({
      labs: [
        ...(hb === undefined
          ? []
          : [
              {
                page: hb.page,
                line: hb.line,
                name: 'Hemoglobin',
                value: '11.2',
                unit: 'g/dL',
                range: '13.0-17.0',
                explanation:
                  'Hemoglobin carries oxygen in red blood cells; a low value can have many causes.',
              },
            ]),
        ...(ferritin === undefined
          ? []
          : [
              {
                page: ferritin.page,
                line: ferritin.line,
                name: 'Ferritin',
                value: '8',
                unit: 'ng/mL',
                range: '30-400',
              },
            ]),
        // Not printed anywhere: must be left out.
        ...(header === undefined
          ? []
          : [{ page: header.page, line: header.line, name: 'Sodium', value: '139' }]),
      ],
      medications: [],
      conditions: [],
    }),
  };
}

const document = extracted(LAB_REPORT_ROWS);
const servers: AnthropicServer[] = [];
async function server(handler: Parameters<typeof startAnthropicServer>[0]) {
  const s = await startAnthropicServer(handler);
  servers.push(s);
  return s;
}
after(async () => Promise.all(servers.map((s) => s.close())));

describe('Claude through the real SDK against a Messages API server', () => {
  test('the engine reads, Claude explains and completes, the merge rule keeps what is printed', async () => {
    const s = await server(reader);
    const { interpreter, registry } = setup(s.url);
    const result = await interpreter.interpret(document, AbortSignal.timeout(10_000));

    assert.equal(s.calls.length, 1);
    const [call] = s.calls;
    assert.ok(call);
    const [tool] = call.body.tools ?? [];
    assert.equal(call.body.model, 'claude-sonnet-5-5');
    assert.equal(tool?.name, 'record_findings');
    assert.equal(tool.strict, true);
    assert.deepEqual(call.body.tool_choice, { type: 'auto' });
    assert.deepEqual(result.engine, { name: 'claude', version: 'claude-sonnet-5-5-20260928' });

    const names = result.labs.map((l) => l.name);
    assert.ok(names.includes('Hemoglobin') && names.includes('Glucose'), names.join());
    const ferritin = result.labs.find((l) => /ferritin/i.test(l.name));
    assert.ok(ferritin, 'the lab only Claude found is added');
    assert.equal(ferritin.value, 8);
    assert.equal(ferritin.flag, 'low', 'the flag is computed by the engine from the printed range');
    assert.equal(ferritin.line, 6);
    assert.ok(ferritin.confidence <= 0.6);
    assert.ok(!names.includes('Sodium'), 'a value printed nowhere is left out');
    assert.ok(result.warnings.some((w) => w.includes('not printed on the line it cited')));

    const hb = result.labs.findIndex((l) => l.name === 'Hemoglobin');
    assert.match(result.explanations?.get(hb) ?? '', /carries oxygen/);

    const metrics = await registry.metrics();
    assert.match(metrics, /serenya_provider_tokens_total\{provider="claude",direction="in"\} 1200/);
    assert.match(metrics, /serenya_provider_tokens_total\{provider="claude",direction="out"\} 300/);
    assert.match(metrics, /serenya_provider_job_cost_usd_sum\{provider="claude"\} 0\.0054/);
  });

  test('PHI minimisation: the request carries placeholders, never a canary', async () => {
    const s = await server(reader);
    const { interpreter } = setup(s.url);
    await interpreter.interpret(document, AbortSignal.timeout(10_000));
    const raw = s.calls[0]?.rawBody ?? '';
    for (const canary of Object.values(CANARIES)) assert.ok(!raw.includes(canary), canary);
    assert.ok(!raw.includes('201-4477') && !raw.includes('1961'));
    assert.match(raw, /\[NAME\]/);
    assert.match(raw, /\[ID\]/);
    assert.match(raw, /Hemoglobin/, 'the clinical content still goes');
  });

  test('the engine wins a disagreement, and says so', async () => {
    const s = await server(() => ({
      message: toolUseMessage({
        labs: [{ page: 1, line: 4, name: 'Hemoglobin', value: '12.2', unit: 'g/dL' }],
        medications: [],
        conditions: [],
      }),
    }));
    const { interpreter } = setup(s.url);
    const result = await interpreter.interpret(document, AbortSignal.timeout(10_000));
    assert.equal(result.labs.find((l) => l.name === 'Hemoglobin')?.value, 11.2);
    assert.ok(result.warnings.some((w) => w.includes('read 1 finding differently')));
  });
});

describe('Claude resilience', () => {
  test('529 overloaded, then 200: succeeds after a retry', async () => {
    let n = 0;
    const s = await server((call) =>
      ++n === 1 ? { status: 529, errorType: 'overloaded_error' } : reader(call),
    );
    const { interpreter, registry } = setup(s.url);
    const result = await interpreter.interpret(document, AbortSignal.timeout(10_000));
    assert.equal(s.calls.length, 2);
    assert.equal(result.engine?.name, 'claude');
    const metrics = await registry.metrics();
    assert.match(metrics, /result="overloaded"\} 1/);
    assert.match(metrics, /operation="messages.create",result="ok"\} 1/);
  });

  test('429 with retry-after: the retry waits as long as asked', async () => {
    const at: number[] = [];
    const s = await server((call) => {
      at.push(Date.now());
      return at.length === 1
        ? { status: 429, errorType: 'rate_limit_error', headers: { 'retry-after': '1' } }
        : reader(call);
    });
    const { interpreter } = setup(s.url);
    const result = await interpreter.interpret(document, AbortSignal.timeout(10_000));
    assert.equal(result.engine?.name, 'claude');
    assert.ok((at[1] ?? 0) - (at[0] ?? 0) >= 950, `waited ${(at[1] ?? 0) - (at[0] ?? 0)} ms`);
  });

  test('a retry-after longer than the longest wait is not waited for: fall back at once', async () => {
    const s = await server(() => ({
      status: 429,
      errorType: 'rate_limit_error',
      headers: { 'retry-after': '600' },
    }));
    const { interpreter } = setup(s.url);
    const result = await interpreter.interpret(document, AbortSignal.timeout(10_000));
    assert.equal(s.calls.length, 1);
    assert.equal(result.engine, undefined, 'the embedded engine answered');
    assert.ok(result.warnings.some((w) => w.includes('Claude was unavailable')));
  });

  for (const [label, bad] of [
    ['an answer without the tool call', { message: { ...toolUseMessage({}), content: [] } }],
    ['an answer failing the schema', { message: toolUseMessage({ labs: 'many' }) }],
    [
      'an answer cut at max_tokens',
      {
        message: toolUseMessage(
          { labs: [], medications: [], conditions: [] },
          { stopReason: 'max_tokens' },
        ),
      },
    ],
    ['a truncated body', { raw: '{"id":"msg_01","type":"message","content":[{"type":"tool_' }],
  ] as const) {
    test(`${label} is invalid and retried`, async () => {
      let n = 0;
      const s = await server((call) => (++n === 1 ? bad : reader(call)));
      const { interpreter, registry } = setup(s.url);
      const result = await interpreter.interpret(document, AbortSignal.timeout(10_000));
      assert.equal(s.calls.length, 2);
      assert.equal(result.engine?.name, 'claude');
      assert.match(await registry.metrics(), /result="invalid_response"\} 1/);
    });
  }

  test('a wrong key is rejected once, not retried, and the job falls back', async () => {
    const s = await server(reader);
    const { interpreter, registry } = setup(s.url, { key: 'sk-ant-wrong' });
    const result = await interpreter.interpret(document, AbortSignal.timeout(10_000));
    assert.equal(s.calls.length, 0, 'the server refused before the handler');
    assert.ok(result.warnings.some((w) => w.includes('Claude was unavailable')));
    assert.ok(result.labs.length >= 2, 'the embedded result is complete');
    const metrics = await registry.metrics();
    assert.match(metrics, /result="rejected"\} 1/);
    assert.match(
      metrics,
      /serenya_provider_fallbacks_total\{provider="claude",reason="rejected"\} 1/,
    );
  });

  test('a server that never answers times out per call, then falls back', async () => {
    const s = await server(() => ({ hang: true }));
    const { interpreter, registry } = setup(s.url, { settings: { timeoutMs: 200, retries: 1 } });
    const began = Date.now();
    const result = await interpreter.interpret(document, AbortSignal.timeout(10_000));
    assert.ok(Date.now() - began < 3000);
    assert.equal(s.calls.length, 2);
    assert.ok(result.warnings.some((w) => w.includes('Claude was unavailable')));
    assert.match(await registry.metrics(), /result="timeout"\} 2/);
  });

  test('a server that is down: network failures, then the embedded result', async () => {
    const s = await server(reader);
    await s.close();
    const { interpreter, registry } = setup(s.url);
    const result = await interpreter.interpret(document, AbortSignal.timeout(10_000));
    assert.ok(result.warnings.some((w) => w.includes('Claude was unavailable')));
    assert.match(await registry.metrics(), /result="network"\} 3/);
  });

  test('when Claude is required, unavailability fails the attempt with provider_unavailable', async () => {
    const s = await server(() => ({ status: 503, errorType: 'api_error' }));
    const { interpreter } = setup(s.url, { required: true, settings: { retries: 1 } });
    await assert.rejects(
      interpreter.interpret(document, AbortSignal.timeout(10_000)),
      (error: unknown) => error instanceof ServiceError && error.code === 'provider_unavailable',
    );
    assert.equal(s.calls.length, 2);
  });

  test('the circuit opens after consecutive failures and later calls skip the server', async () => {
    const s = await server(() => ({ status: 500, errorType: 'api_error' }));
    const { interpreter, registry } = setup(s.url, {
      settings: { retries: 0, breakerThreshold: 2 },
    });
    for (let i = 0; i < 2; i++) await interpreter.interpret(document, AbortSignal.timeout(10_000));
    assert.equal(s.calls.length, 2);
    const third = await interpreter.interpret(document, AbortSignal.timeout(10_000));
    assert.equal(s.calls.length, 2, 'the open circuit did not call');
    assert.ok(third.warnings.some((w) => w.includes('Claude was unavailable')));
    const metrics = await registry.metrics();
    assert.match(metrics, /serenya_provider_circuit_open\{provider="claude"\} 1/);
    assert.match(metrics, /reason="circuit_open"\} 1/);
  });

  test('a cancelled job stops without counting a provider failure', async () => {
    const s = await server(() => ({ hang: true }));
    const { interpreter, registry } = setup(s.url);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 100);
    await assert.rejects(interpreter.interpret(document, controller.signal), /cancelled/);
    assert.doesNotMatch(await registry.metrics(), /result="timeout"/);
  });
});
