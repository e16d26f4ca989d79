import type { Request } from 'express';
import ipaddr from 'ipaddr.js';

// One person usually holds a whole IPv6 /64 (a home or a cloud host gets at least that), so counting
// each address apart would let them rotate through 2^64 fresh counts. An IPv4 address reached through
// a dual-stack socket arrives as ::ffff:a.b.c.d and must share the count of a.b.c.d.
const IPV6_CLIENT_PREFIX = 64;

/** The identity a per-client limit counts under: an IPv4 address, or an IPv6 /64 such as `2001:db8:1:2::/64`. */
export function clientKeyOf(address: string | undefined): string {
  if (!address) return 'unknown';
  // A zone index (fe80::1%eth0) names a local interface, not a different client.
  const bare = address.split('%')[0]!;
  if (!ipaddr.isValid(bare)) return 'unknown';
  const parsed = ipaddr.process(bare); // maps ::ffff:a.b.c.d to a.b.c.d
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/${IPV6_CLIENT_PREFIX}`);
  return `${network.toString()}/${IPV6_CLIENT_PREFIX}`;
}

/** The client a request counts against (req.ip honours TRUST_PROXY_HOPS). */
export function clientKey(req: Pick<Request, 'ip'>): string {
  return clientKeyOf(req.ip);
}
