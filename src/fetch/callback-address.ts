import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { CheckCallbackAddress } from '../core/callbacks.js';
import { withDeadline } from '../core/deadline.js';
import { createAddressPolicy, createPortPolicy, type AddressPolicyOptions, type PortPolicyOptions } from './address-policy.js';

// Long enough for a resolver that is slow but working; a submission should not hang on DNS.
const LOOKUP_DEADLINE_MS = 3_000;

/** Every A and AAAA answer of a name. */
export type ResolveAddresses = (hostname: string) => Promise<string[]>;

const resolveWithDns: ResolveAddresses = async (hostname) => (await lookup(hostname, { all: true })).map(({ address }) => address);

/**
 * The address policy of fetches, applied to a callback URL at submission: its port, then every address
 * its host resolves to (one refused answer refuses the name, as the guarded connector does). As for
 * fetches, a literal IP is told its class, a name only that it is not public: what a name resolves to
 * is not the submitter's to learn from us.
 */
export function createCallbackAddressCheck(
  options: AddressPolicyOptions & PortPolicyOptions & { resolveAddresses?: ResolveAddresses },
): CheckCallbackAddress {
  const checkPort = createPortPolicy(options);
  const policy = createAddressPolicy(options);
  const resolve = options.resolveAddresses ?? resolveWithDns;
  return async (url) => {
    const portProblem = checkPort(url);
    if (portProblem !== undefined) return portProblem;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const reason = policy(host);
      return reason === undefined ? undefined : `it is ${reason}`;
    }
    let addresses: string[];
    try {
      addresses = await withDeadline(resolve(host), LOOKUP_DEADLINE_MS, `looking up ${host}`);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return code === 'ENOTFOUND' || code === 'ENODATA' ? `its host ${host} was not found` : (error as Error).message;
    }
    return addresses.some((address) => policy(address) !== undefined) ? `${host} is not a public address` : undefined;
  };
}
