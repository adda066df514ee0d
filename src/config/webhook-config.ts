import ipaddr from 'ipaddr.js';
import type { WebhookConfig } from './config.js';
import type { Env } from './env.schema.js';

/**
 * The completion webhook's settings, or undefined when no URL is set. Problems are pushed to
 * `problems` and never quote a value: the secret must not leak, and the URL may carry a token.
 */
export function webhookConfig(
  env: Env,
  production: boolean,
  problems: string[],
): WebhookConfig | undefined {
  const allowedCidrs = parseCidrs(env.SERENYA_WEBHOOK_ALLOWED_CIDRS, problems);
  if (env.SERENYA_WEBHOOK_URL === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(env.SERENYA_WEBHOOK_URL);
  } catch {
    return undefined; // already reported by the schema's uri format
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    problems.push('SERENYA_WEBHOOK_URL: must be an http or https URL');
  else if (production && url.protocol !== 'https:')
    problems.push('SERENYA_WEBHOOK_URL: must use https in production');
  const secret = Buffer.from(env.SERENYA_WEBHOOK_SECRET ?? '', 'utf8');
  if (env.SERENYA_WEBHOOK_SECRET === undefined)
    problems.push('SERENYA_WEBHOOK_SECRET: required with SERENYA_WEBHOOK_URL');
  else if (secret.length < 32)
    problems.push('SERENYA_WEBHOOK_SECRET: must be at least 32 bytes long');
  return {
    url,
    secret,
    allowedCidrs,
    maxAttempts: env.SERENYA_WEBHOOK_MAX_ATTEMPTS,
    retryBaseDelayMs: env.SERENYA_WEBHOOK_RETRY_BASE_DELAY_MS,
    timeoutMs: env.SERENYA_WEBHOOK_TIMEOUT_MS,
  };
}

/** `10.0.0.0/8, fd12::/16` → normalised `address/prefix` strings; a bad entry is a problem. */
function parseCidrs(list: string | undefined, problems: string[]): string[] {
  const entries = (list ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const cidrs: string[] = [];
  for (const entry of entries) {
    // Only dotted quads for IPv4: ipaddr.js also reads "10.1/8" or hex forms, which an operator
    // is unlikely to mean.
    const valid = entry.includes(':')
      ? ipaddr.IPv6.isValidCIDR(entry)
      : ipaddr.IPv4.isValidCIDRFourPartDecimal(entry);
    if (!valid) {
      problems.push(
        'SERENYA_WEBHOOK_ALLOWED_CIDRS: must be comma-separated CIDRs such as 10.0.0.0/8 or fd00::/8',
      );
      return [];
    }
    const [address, prefix] = ipaddr.parseCIDR(entry);
    cidrs.push(`${address.toString()}/${String(prefix)}`);
  }
  return cidrs;
}
