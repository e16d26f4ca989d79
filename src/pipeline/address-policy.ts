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
    let parsed = ipaddr.parse(address);
    // ::ffff:10.0.0.1 reaches 10.0.0.1, so judge the IPv4 address inside.
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
      parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    }
    if (allowed.some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits))) return undefined;
    const range = parsed.range();
    if (range === 'unicast') return undefined;
    return RANGE_DESCRIPTIONS[range] ?? `a reserved address (${range})`;
  };
}
