import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'Serenya-Signature';

type Bytes = string | Uint8Array;

function mac(secret: Bytes, timestamp: number, body: Bytes): Buffer {
  return createHmac('sha256', secret)
    .update(`${String(timestamp)}.`)
    .update(body)
    .digest();
}

/** The `Serenya-Signature` value for `body` sent at `timestamp` (unix seconds). */
export function signWebhook(secret: Bytes, body: Bytes, timestamp: number): string {
  return `t=${String(timestamp)},v1=${mac(secret, timestamp, body).toString('hex')}`;
}

/**
 * Checks a `Serenya-Signature` header against the raw request body (the exact bytes received,
 * before any JSON parsing): true when one `v1` is the HMAC-SHA256 of `"<t>.<body>"` under
 * `secret` and `t` is within `toleranceSeconds` of now. Compares in constant time. Several `v1`
 * entries are accepted so a sender can sign with an old and a new secret during a rotation.
 * Headers other than this one are not signed: a receiver that deduplicates should use the body's
 * `deliveryId` (signed; the `Serenya-Delivery` header equals it), so a replay within the
 * tolerance cannot pass as a new delivery.
 */
export function verifyWebhookSignature(
  secret: Bytes,
  header: string | undefined,
  body: Bytes,
  toleranceSeconds: number,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): boolean {
  if (header === undefined) return false;
  let timestamp: number | undefined;
  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value = ''] = part.trim().split('=', 2);
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return false;
      timestamp = Number(value);
    } else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) {
      candidates.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === undefined || candidates.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = mac(secret, timestamp, body);
  // Every candidate is compared, so the time taken does not tell which one matched.
  return candidates.reduce((ok, candidate) => timingSafeEqual(expected, candidate) || ok, false);
}
