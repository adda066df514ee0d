// Address refusal with real DNS lookups and a real receiver: nothing reaches a refused address.
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { after, before, describe, it } from 'node:test';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/helpers/webhook-receiver.js';
import { makeNotifier } from './webhook.test-helpers.js';

const DONE = { jobId: 'job-ssrf', status: 'succeeded', occurredAt: 0 } as const;

describe('WebhookNotifier address policy', () => {
  let r: WebhookReceiver;
  before(async () => {
    r = await startWebhookReceiver();
  });
  after(() => r.close());

  async function deliver(url: string, allowedCidrs: string[], resolve?: () => LookupAddress[]) {
    const under = makeNotifier(
      url,
      { allowedCidrs, maxAttempts: 2, timeoutMs: 300 },
      resolve && (async () => resolve()),
    );
    under.notifier.notify(DONE);
    await under.notifier.close(10_000);
    return { counts: await under.counts(), logs: under.logs };
  }

  it('delivers to 127.0.0.1 when it is allowed (positive control)', async () => {
    const before = r.received.length;
    const { counts } = await deliver(`http://127.0.0.1:${r.port}/`, ['127.0.0.1/32']);
    assert.deepEqual(counts, { delivered: 1 });
    assert.equal(r.received.length, before + 1);
  });

  it('refuses loopback, unspecified and mapped forms resolved for real, without connecting', async () => {
    const before = r.received.length;
    // The first six reach the receiver on this host if not refused (0.0.0.0 and ::ffff:127.0.0.1
    // connect to 127.0.0.1 on Linux); the last three are the forms a translator or relay would
    // carry to 127.0.0.1.
    for (const host of [
      'localhost',
      '127.0.0.1',
      '0.0.0.0',
      '[::ffff:127.0.0.1]',
      '[::1]',
      '127.1',
      '[::ffff:0:7f00:1]', // IPv4-translated
      '[2002:7f00:1::1]', // 6to4
      '[2001:0:4136:e378:8000:63bf:80ff:fffe]', // Teredo, client 127.0.0.1
    ]) {
      const { counts, logs } = await deliver(`http://${host}:${r.port}/`, []);
      assert.deepEqual(counts, { refused: 1 }, host);
      assert.match(logs.text, /"reason":"(loopback|unspecified|reserved)"/, host);
    }
    assert.equal(r.received.length, before, 'no request reached the receiver');
  });

  it('refuses private, CGNAT, link-local, multicast, test and documentation literals', async () => {
    for (const host of [
      '10.0.0.1',
      '192.168.1.1',
      '100.64.0.1',
      '[fd00::1]',
      '[fe80::1]',
      '224.0.0.1',
      '192.0.2.1',
      '198.51.100.7',
      '203.0.113.9',
      '198.18.0.1',
      '[100::1]',
      '[2001:db8::1]',
    ]) {
      const { counts } = await deliver(`http://${host}:${r.port}/`, []);
      assert.deepEqual(counts, { refused: 1 }, host);
    }
  });

  it('refuses metadata addresses even when the allow list covers everything', async () => {
    for (const host of [
      '169.254.169.254',
      '[fd00:ec2::254]',
      '[::ffff:169.254.169.254]',
      '169.254.10.10',
      '[2002:a9fe:a9fe::1]', // 6to4
      '[2001:0:4136:e378:8000:63bf:5601:5601]', // Teredo
      '[::ffff:0:a9fe:a9fe]', // IPv4-translated
    ]) {
      const { counts, logs } = await deliver(`http://${host}/latest/meta-data/`, [
        '0.0.0.0/0',
        '::/0',
      ]);
      assert.deepEqual(counts, { refused: 1 }, host);
      assert.match(logs.text, /"reason":"(metadata|link-local)"/, host);
    }
  });

  it('connects to the address it checked: the lookup answer routes the real request', async () => {
    const before = r.received.length;
    const { counts } = await deliver(
      `http://hooks.example.test:${r.port}/`,
      ['127.0.0.1/32'],
      () => [{ address: '127.0.0.1', family: 4 }],
    );
    assert.deepEqual(counts, { delivered: 1 });
    assert.equal(r.received.length, before + 1);
    assert.equal(r.received.at(-1)?.headers.host, `hooks.example.test:${r.port}`);
  });

  it('a rebinding name cannot slip through: one answer per try, the one that was checked', async () => {
    const before = r.received.length;
    let calls = 0;
    // First answer allowed (documentation range, listed, never routed), every later one loopback,
    // where the receiver is. Resolving again at connect time would reach the receiver; the pinned
    // lookup cannot.
    const { counts, logs } = await deliver(
      `http://rebind.example.test:${r.port}/`,
      ['192.0.2.0/24'],
      () => {
        calls += 1;
        return [{ address: calls === 1 ? '192.0.2.7' : '127.0.0.1', family: 4 }];
      },
    );
    assert.equal(calls, 2, 'resolved once per try, never again at connect time');
    assert.deepEqual(counts, { retried: 1, refused: 1 });
    assert.match(logs.text, /"reason":"loopback"/);
    assert.equal(r.received.length, before, 'no request reached the loopback receiver');
  });

  it('refuses a name answering an allowed and a refused address together', async () => {
    const before = r.received.length;
    const { counts, logs } = await deliver(
      `http://mixed.example.test:${r.port}/`,
      ['192.0.2.0/24'],
      () => [
        { address: '192.0.2.7', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ],
    );
    assert.deepEqual(counts, { refused: 1 });
    assert.match(logs.text, /"reason":"loopback"/);
    assert.equal(r.received.length, before);
  });
});
