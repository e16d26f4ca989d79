import ipaddr from 'ipaddr.js';

/** Readable names for ipaddr.js range names; anything not "unicast" is refused. */
const RANGE_DESCRIPTIONS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private network address (RFC 1918)',
  linkLocal: 'a link-local address (this includes cloud metadata endpoints)',
  carrierGradeNat: 'a carrier-grade NAT address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  uniqueLocal: 'a private IPv6 address (unique local)',
};

// IPv6 forms that carry an IPv4 address in their last 32 bits and may reach it: ::ffff:a.b.c.d (mapped),
// ::a.b.c.d (compatible, deprecated) and 64:ff9b::a.b.c.d (NAT64, which a DNS64 network returns for
// IPv4-only hosts). They are judged by the IPv4 address inside.
const IPV4_MAPPED = ipaddr.parseCIDR('::ffff:0:0/96');
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');
const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');

export interface AddressPolicyOptions {
  allowPrivate: boolean;
  /** CIDRs allowed in addition to public addresses. */
  allowNetworks: readonly string[];
}

/**
 * Returns a function that says why an IP address may not be fetched, or undefined if it may.
 * Only public unicast addresses pass by default: the service fetches URLs typed by strangers.
 */
export function createAddressPolicy(options: AddressPolicyOptions): (address: string) => string | undefined {
  const allowed = options.allowNetworks.map((cidr) => ipaddr.parseCIDR(cidr));
  return (address) => {
    if (options.allowPrivate) return undefined;
    if (!ipaddr.isValid(address)) return 'not an IP address';
    const parsed = embeddedIPv4(ipaddr.parse(address));
    if (allowed.some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits))) return undefined;
    const range = parsed.range();
    if (range === 'unicast') return undefined;
    return RANGE_DESCRIPTIONS[range] ?? `a reserved address (${range})`;
  };
}

/** The IPv4 address inside an IPv6 address of one of the forms above; anything else as it is. */
function embeddedIPv4(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  if (address.kind() === 'ipv4') return address;
  const ipv6 = address as ipaddr.IPv6;
  // :: and ::1 lie inside ::/96 but are IPv6's own unspecified and loopback addresses.
  if (ipv6.range() === 'unspecified' || ipv6.range() === 'loopback') return ipv6;
  const carriesIPv4 = [IPV4_MAPPED, IPV4_COMPATIBLE, NAT64].some(([network, bits]) => ipv6.match(network, bits));
  if (!carriesIPv4) return ipv6;
  const bytes = ipv6.toByteArray().slice(12);
  return new ipaddr.IPv4(bytes);
}

/** True for a public unicast address, the only kind whose connection failures we describe in detail. */
export function isPublicAddress(address: string): boolean {
  return ipaddr.isValid(address) && embeddedIPv4(ipaddr.parse(address)).range() === 'unicast';
}

/** The ports of ordinary web servers, the only ones fetched unless FETCH_ALLOW_PRIVATE is set. */
export const DEFAULT_ALLOWED_PORTS: readonly number[] = [80, 443];

export interface PortPolicyOptions {
  allowPrivate: boolean;
  allowedPorts?: readonly number[];
}

/**
 * Returns a function that says why a URL's port may not be fetched, or undefined if it may. Other
 * ports would let strangers use us to probe what else a host runs (refused, silent, not HTTP); with
 * FETCH_ALLOW_PRIVATE (local development, the tests' random ports) every port is allowed, as every address is.
 */
export function createPortPolicy(options: PortPolicyOptions): (url: URL) => string | undefined {
  const allowed = new Set(options.allowedPorts ?? DEFAULT_ALLOWED_PORTS);
  return (url) => {
    if (options.allowPrivate) return undefined;
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    if (allowed.has(port)) return undefined;
    const list = [...allowed].join(', ');
    return allowed.size === 1 ? `only port ${list} is fetched` : `only ports ${list} are fetched`;
  };
}
