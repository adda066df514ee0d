import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

const SECRET = 'whsec-'.padEnd(40, 'x');
const DELIVERY = '1b4e28ba-2fa1-4d3b-9a5c-6f1d2e3c4b5a';
const BODY = `{"type":"job.succeeded","deliveryId":"${DELIVERY}","jobId":"j1","status":"succeeded"}`;
const T = 1_760_000_000;

describe('webhook signature', () => {
  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    assert.equal(signWebhook(SECRET, BODY, T), `t=${T},v1=${expected}`);
  });

  it('verifies what it signs, from a string or the raw bytes', () => {
    const header = signWebhook(SECRET, BODY, T);
    assert.equal(verifyWebhookSignature(SECRET, header, BODY, 300, T), true);
    assert.equal(
      verifyWebhookSignature(Buffer.from(SECRET), header, Buffer.from(BODY), 300, T + 299),
      true,
    );
  });

  it('refuses another body, another secret, or a signature outside the tolerance', () => {
    const header = signWebhook(SECRET, BODY, T);
    assert.equal(verifyWebhookSignature(SECRET, header, `${BODY} `, 300, T), false);
    assert.equal(verifyWebhookSignature(`${SECRET}y`, header, BODY, 300, T), false);
    assert.equal(verifyWebhookSignature(SECRET, header, BODY, 300, T + 301), false);
    assert.equal(verifyWebhookSignature(SECRET, header, BODY, 300, T - 301), false);
  });

  it('covers the delivery id: a replay under a new id, within the tolerance, is refused', () => {
    const header = signWebhook(SECRET, BODY, T);
    const replayed = BODY.replace(DELIVERY, '2c5f39cb-3ab2-4e4c-8b6d-7a2e3f4d5c6b');
    assert.notEqual(replayed, BODY);
    assert.equal(verifyWebhookSignature(SECRET, header, replayed, 300, T + 10), false);
    assert.equal(verifyWebhookSignature(SECRET, header, BODY, 300, T + 10), true, 'control');
  });

  it('refuses a timestamp changed after signing (it is inside the MAC)', () => {
    const header = signWebhook(SECRET, BODY, T).replace(`t=${T}`, `t=${T + 1}`);
    assert.equal(verifyWebhookSignature(SECRET, header, BODY, 300, T), false);
  });

  it('refuses malformed headers', () => {
    const v1 = signWebhook(SECRET, BODY, T).split(',')[1]!;
    for (const header of [
      undefined,
      '',
      v1,
      `t=${T}`,
      `t=${T},v1=zz`,
      `t=${T},v1=${'0'.repeat(64)}`,
      `t=abc,${v1}`,
      `t=${T},t=${T},${v1}`,
      `t=-${T},${v1}`,
    ])
      assert.equal(verifyWebhookSignature(SECRET, header, BODY, 300, T), false, String(header));
  });

  it('accepts any of several v1 entries (secret rotation), with spaces after commas', () => {
    const good = signWebhook(SECRET, BODY, T).split(',')[1]!;
    const old = signWebhook('old-secret'.padEnd(32, '-'), BODY, T).split(',')[1]!;
    assert.equal(verifyWebhookSignature(SECRET, `t=${T}, ${old}, ${good}`, BODY, 300, T), true);
    assert.equal(verifyWebhookSignature(SECRET, `t=${T},${old}`, BODY, 300, T), false);
  });
});
