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

const ALLOWED: AddressVerdict = { allowed: true };

const table = (rows: readonly (readonly [string, RefusalReason])[]) =>
  rows.map(([cidr, reason]) => [ipaddr.parseCIDR(cidr), reason] as const);

// Refused whatever the allow list says: instance metadata services hand out cloud credentials.
const NEVER = table([
  ['169.254.169.254/32', 'metadata'], // AWS, GCP, Azure, OCI
  ['100.100.100.200/32', 'metadata'], // Alibaba Cloud
  ['fd00:ec2::254/128', 'metadata'], // AWS over IPv6
  ['169.254.0.0/16', 'link-local'],
]);

// The reason logged for each non-unicast range ipaddr.js names (RFC 6890 and successors); any
// other name it has or adds (discard, documentation, benchmarking, ORCHID, AS112, …) is
// 'reserved'. The IPv4-carrying forms never get here: they are judged by their IPv4.
const REASONS: Readonly<Record<string, RefusalReason>> = {
  unspecified: 'unspecified',
  loopback: 'loopback',
  private: 'private',
  carrierGradeNat: 'private',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
  rfc6052: 'private', // local-use NAT64 64:ff9b:1::/48 (the well-known /96 is unwrapped)
  linkLocal: 'link-local',
  multicast: 'multicast',
};

// Deprecated IPv4-compatible ::a.b.c.d, which ipaddr.js calls unicast.
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');
const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');

/**
 * Decides which addresses may receive webhooks: unicast ones (ipaddr.js `range()`), plus other
 * ones inside an allowed CIDR, but never metadata or IPv4 link-local addresses. IPv6 forms that
 * route to an IPv4 address (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`,
 * Teredo `2001::/32` with its server and client) are judged by that address; metadata is
 * refused inside any IPv6 form that carries it.
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
    const ip = ipaddr.parse(address);
    const { routesTo, carried } = embeddedIpv4(ip);
    for (const candidate of [ip, ...carried]) {
      const never = firstMatch(NEVER, candidate);
      if (never !== undefined) return { allowed: false, reason: never };
    }
    if (routesTo.length === 0) return this.#judge(ip);
    for (const v4 of routesTo) {
      const verdict = this.#judge(v4);
      if (!verdict.allowed) return verdict;
    }
    return ALLOWED;
  }

  #judge(ip: Ip): AddressVerdict {
    const reason = specialReason(ip);
    if (reason === undefined) return ALLOWED;
    if (this.#allowed.some((range) => matches(ip, range))) return ALLOWED;
    return { allowed: false, reason };
  }
}

/** Undefined for a unicast address, else why it is special. */
function specialReason(ip: Ip): RefusalReason | undefined {
  const range: string = ip.range();
  if (range === 'unicast') return matches(ip, IPV4_COMPATIBLE) ? 'reserved' : undefined;
  return REASONS[range] ?? 'reserved';
}

/**
 * The IPv4 addresses inside an IPv6 one: `routesTo` those a packet ends up at (the address is
 * judged by them alone), `carried` every one it holds (checked against metadata too).
 */
function embeddedIpv4(ip: Ip): { routesTo: ipaddr.IPv4[]; carried: ipaddr.IPv4[] } {
  if (ip.kind() !== 'ipv6') return { routesTo: [], carried: [] };
  const v6 = ip as ipaddr.IPv6;
  const word = (i: number) => v6.parts[i] ?? 0;
  const v4 = (high: number, low: number) =>
    new ipaddr.IPv4([(high >> 8) & 0xff, high & 0xff, (low >> 8) & 0xff, low & 0xff]);
  const last = v4(word(6), word(7));
  const routing = (...routesTo: ipaddr.IPv4[]) => ({ routesTo, carried: routesTo });
  switch (v6.range()) {
    case 'ipv4Mapped':
      return routing(v6.toIPv4Address());
    case 'rfc6052':
      return matches(v6, NAT64) ? routing(last) : { routesTo: [], carried: [] };
    case '6to4': // 2002:AABB:CCDD::/48
      return routing(v4(word(1), word(2)));
    case 'teredo': // 2001:0:<server>:<flags>:<port>:<client XOR ffff:ffff>
      return routing(v4(word(2), word(3)), v4(~word(6), ~word(7)));
    case 'rfc6145': // IPv4-translated ::ffff:0:a.b.c.d, refused as reserved but checked too
      return { routesTo: [], carried: [last] };
    default:
      return { routesTo: [], carried: matches(v6, IPV4_COMPATIBLE) ? [last] : [] };
  }
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
