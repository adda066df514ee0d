import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import {
  startWebhookReceiver,
  type Reply,
  type WebhookReceiver,
} from '../../test/helpers/webhook-receiver.js';
import { verifyWebhookSignature } from './webhook-signature.js';
import { makeNotifier, SECRET } from './webhook.test-helpers.js';

const SUCCEEDED = {
  jobId: 'job-1',
  status: 'succeeded',
  occurredAt: Date.UTC(2026, 0, 2),
} as const;

describe('WebhookNotifier over a real local receiver', () => {
  let receiver: WebhookReceiver | undefined;
  afterEach(() => receiver?.close());

  async function receive(reply: (index: number, path: string) => Reply) {
    receiver = await startWebhookReceiver(reply);
    return receiver;
  }

  it('retries 503 twice, then delivers once: three requests, one delivery id, all signed', async () => {
    const r = await receive((i) => ({ status: i < 2 ? 503 : 200 }));
    const { notifier, counts, logs } = makeNotifier(`${r.url}/hooks/serenya`);
    notifier.notify(SUCCEEDED);
    await notifier.close(10_000);

    assert.equal(r.received.length, 3);
    const ids = new Set(r.received.map((request) => request.headers['serenya-delivery']));
    assert.equal(ids.size, 1);
    const [deliveryId] = ids;
    assert.match(
      String(deliveryId),
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    for (const request of r.received) {
      assert.equal(request.path, '/hooks/serenya');
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['serenya-event'], 'job.succeeded');
      const signature = request.headers['serenya-signature'];
      assert.ok(typeof signature === 'string');
      assert.equal(verifyWebhookSignature(SECRET, signature, request.body, 60), true);
      assert.equal(verifyWebhookSignature(`${SECRET}x`, signature, request.body, 60), false);
      // The id is in the signed body too, equal to the header, so it cannot be swapped.
      assert.deepEqual(JSON.parse(request.body), {
        type: 'job.succeeded',
        deliveryId,
        jobId: 'job-1',
        status: 'succeeded',
        occurredAt: '2026-01-02T00:00:00.000Z',
      });
    }
    assert.deepEqual(await counts(), { retried: 2, delivered: 1 });
    // Logs carry the job id, the attempt and the status code, nothing else of the delivery.
    const entries = logs.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(entries.length, 3);
    for (const entry of entries) {
      assert.equal(entry.jobId, 'job-1');
      const extra = Object.keys(entry).filter(
        (k) => !['level', 'time', 'service', 'msg', 'jobId', 'attempt', 'statusCode'].includes(k),
      );
      assert.deepEqual(extra, []);
    }
    assert.deepEqual(
      entries.map((e) => e.statusCode),
      [503, 503, 200],
    );
    assert.ok(!logs.text.includes(SECRET) && !logs.text.includes('hooks/serenya'));
  });

  it('sends job.failed with the error code, and never the user', async () => {
    const r = await receive(() => ({ status: 204 }));
    const { notifier, counts } = makeNotifier(r.url);
    notifier.notify({ jobId: 'job-2', status: 'failed', code: 'corrupt_document', occurredAt: 0 });
    await notifier.close(10_000);
    const [request, ...others] = r.received;
    assert.ok(request !== undefined && others.length === 0);
    assert.equal(request.headers['serenya-event'], 'job.failed');
    assert.deepEqual(JSON.parse(request.body), {
      type: 'job.failed',
      deliveryId: request.headers['serenya-delivery'],
      jobId: 'job-2',
      status: 'failed',
      code: 'corrupt_document',
      occurredAt: '1970-01-01T00:00:00.000Z',
    });
    assert.deepEqual(await counts(), { delivered: 1 });
  });

  it('does not retry a 400', async () => {
    const r = await receive(() => ({ status: 400 }));
    const { notifier, counts } = makeNotifier(r.url);
    notifier.notify(SUCCEEDED);
    await notifier.close(10_000);
    assert.equal(r.received.length, 1);
    assert.deepEqual(await counts(), { failed: 1 });
  });

  it('does not follow a redirect', async () => {
    const r = await receive((_i, path) =>
      path === '/moved' ? { status: 200 } : { status: 307, headers: { location: '/moved' } },
    );
    const { notifier, counts } = makeNotifier(`${r.url}/hook`);
    notifier.notify(SUCCEEDED);
    await notifier.close(10_000);
    assert.deepEqual(
      r.received.map((request) => request.path),
      ['/hook'],
    );
    assert.deepEqual(await counts(), { failed: 1 });
  });

  it('times out a slow receiver, then retries', async () => {
    const r = await receive((i) => (i === 0 ? 'hang' : { status: 200 }));
    const { notifier, counts } = makeNotifier(r.url, { timeoutMs: 300 });
    notifier.notify(SUCCEEDED);
    await notifier.close(10_000);
    assert.equal(r.received.length, 2);
    const gap = (r.received[1]?.at ?? 0) - (r.received[0]?.at ?? 0);
    assert.ok(gap >= 290, `second try ${gap} ms after the first`);
    assert.deepEqual(await counts(), { retried: 1, delivered: 1 });
  });

  it('honours Retry-After on 429', async () => {
    const r = await receive((i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 },
    );
    const { notifier, counts } = makeNotifier(r.url);
    notifier.notify(SUCCEEDED);
    await notifier.close(10_000);
    assert.equal(r.received.length, 2);
    const gap = (r.received[1]?.at ?? 0) - (r.received[0]?.at ?? 0);
    assert.ok(gap >= 990, `second try ${gap} ms after the first (base delay 10 ms)`);
    assert.deepEqual(await counts(), { retried: 1, delivered: 1 });
  });

  it('stops after the attempt budget', async () => {
    const r = await receive(() => ({ status: 502 }));
    const { notifier, counts } = makeNotifier(r.url, { maxAttempts: 3 });
    notifier.notify(SUCCEEDED);
    await notifier.close(10_000);
    assert.equal(r.received.length, 3);
    assert.deepEqual(await counts(), { retried: 2, failed: 1 });
  });

  it('never makes the caller wait, and shutdown waits only a bounded time', async () => {
    const r = await receive(() => 'hang');
    const { notifier, counts } = makeNotifier(r.url, { timeoutMs: 30_000 });
    const began = performance.now();
    notifier.notify(SUCCEEDED);
    assert.ok(performance.now() - began < 50, 'notify returned at once');
    await r.waitFor(1);
    const closing = performance.now();
    await notifier.close(200);
    const took = performance.now() - closing;
    assert.ok(took >= 190 && took < 2000, `close took ${took} ms`);
    assert.deepEqual(await counts(), { failed: 1 });
    notifier.notify(SUCCEEDED);
    assert.deepEqual(await counts(), { failed: 2 }, 'a notice after close is dropped');
    assert.equal(r.received.length, 1);
  });
});

describe('WebhookNotifier with a resolver that never answers (DNS stub only)', () => {
  const silentDns = () => new Promise<never>(() => undefined);

  it('close(300) returns within its bound; the delivery counts as failed', async () => {
    let lookups = 0;
    const { notifier, counts, logs } = makeNotifier(
      'http://hooks.example.test/',
      { timeoutMs: 30_000 },
      () => {
        lookups += 1;
        return silentDns();
      },
    );
    notifier.notify(SUCCEEDED);
    await setTimeout(20);
    assert.equal(lookups, 1, 'the lookup is under way');
    const closing = performance.now();
    await notifier.close(300);
    const took = performance.now() - closing;
    assert.ok(took >= 290 && took < 1000, `close took ${took} ms`);
    assert.deepEqual(await counts(), { failed: 1 });
    assert.match(logs.text, /webhook delivery failed/);
    assert.equal(lookups, 1, 'no retry after shutdown');
  });

  it('the try time limit covers the lookup: a silent resolver is retried, then fails', async () => {
    let lookups = 0;
    const { notifier, counts } = makeNotifier(
      'http://hooks.example.test/',
      { timeoutMs: 100, maxAttempts: 2 },
      () => {
        lookups += 1;
        return silentDns();
      },
    );
    const began = performance.now();
    notifier.notify(SUCCEEDED);
    await notifier.close(10_000);
    const took = performance.now() - began;
    assert.ok(took >= 190 && took < 2000, `two tries took ${took} ms`);
    assert.equal(lookups, 2);
    assert.deepEqual(await counts(), { retried: 1, failed: 1 });
  });
});
