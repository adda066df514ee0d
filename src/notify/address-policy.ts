import ipaddr from 'ipaddr.js';

type Ip = ipaddr.IPv4 | ipaddr.IPv6;
type Range = readonly [Ip, number];

/** Why an address may not receive a webhook. */
export type RefusalReason =
  | 'metadata'
  | 'link-local'
  | 'loopback'
  | 'private'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'invalid';

/** The outcome of checking one resolved address. */
export type AddressVerdict =
  { readonly allowed: true } | { readonly allowed: false; readonly reason: RefusalReason };

const table = (rows: readonly (readonly [string, RefusalReason])[]) =>
  rows.map(([cidr, reason]) => [ipaddr.parseCIDR(cidr), reason] as const);

// Refused whatever the allow list says: instance metadata services hand out cloud credentials.
const NEVER = table([
  ['169.254.169.254/32', 'metadata'], // AWS, GCP, Azure, OCI
  ['100.100.100.200/32', 'metadata'], // Alibaba Cloud
  ['fd00:ec2::254/128', 'metadata'], // AWS over IPv6
  ['169.254.0.0/16', 'link-local'],
]);

// Special-purpose ranges (RFC 6890 and successors); an operator may allow some by CIDR.
const SPECIAL = table([
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'private'], // carrier-grade NAT
  ['127.0.0.0/8', 'loopback'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'], // and the broadcast address
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'reserved'], // deprecated IPv4-compatible addresses
  ['64:ff9b:1::/48', 'private'], // local-use NAT64
  ['fc00::/7', 'private'], // unique local
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'], // deprecated site-local
  ['ff00::/8', 'multicast'],
]);

const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');

/**
 * Decides which addresses may receive webhooks: public unicast ones, plus special-purpose ones
 * inside an allowed CIDR, but never metadata or IPv4 link-local addresses. IPv6 forms that carry
 * an IPv4 address (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`) are judged by that address.
 */
export class AddressPolicy {
  readonly #allowed: readonly Range[];

  /** `allowedCidrs`: normalised `address/prefix` strings (validated by the config). */
  constructor(allowedCidrs: readonly string[] = []) {
    this.#allowed = allowedCidrs.map((cidr) => ipaddr.parseCIDR(cidr));
  }

  /** The verdict on one IP address (as `dns.lookup` returns it). */
  check(address: string): AddressVerdict {
    if (!ipaddr.isValid(address)) return { allowed: false, reason: 'invalid' };
    const ip = embeddedIpv4(ipaddr.parse(address));
    const never = firstMatch(NEVER, ip);
    if (never !== undefined) return { allowed: false, reason: never };
    const special = firstMatch(SPECIAL, ip);
    if (special === undefined) return { allowed: true };
    if (this.#allowed.some((range) => matches(ip, range))) return { allowed: true };
    return { allowed: false, reason: special };
  }
}

function embeddedIpv4(ip: Ip): Ip {
  if (ip.kind() !== 'ipv6') return ip;
  const v6 = ip as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  if (matches(v6, NAT64)) {
    const [high = 0, low = 0] = v6.parts.slice(6);
    return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  }
  return v6;
}

function matches(ip: Ip, [network, prefix]: Range): boolean {
  return ip.kind() === network.kind() && ip.match(network, prefix);
}

function firstMatch(
  rows: readonly (readonly [Range, RefusalReason])[],
  ip: Ip,
): RefusalReason | undefined {
  return rows.find(([range]) => matches(ip, range))?.[1];
}
