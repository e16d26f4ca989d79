import { promisify } from 'node:util';
import type { CheckCallbackAddress } from '../core/callbacks.js';
import { withDeadline } from '../core/deadline.js';
import { createAddressPolicy, createPortPolicy, type AddressPolicyOptions, type PortPolicyOptions } from './address-policy.js';
import { guardedLookup, type ResolveAll } from './guarded-connector.js';


// Long enough for a resolver that is slow but working; a submission should not hang on DNS.
const LOOKUP_DEADLINE_MS = 3_000;

/**
 * The address policy of fetches, applied to a callback URL at submission: its port, and every address
 * its host resolves to (a literal IP as it is), through the same lookup the connector uses.
 */
export function createCallbackAddressCheck(options: AddressPolicyOptions & PortPolicyOptions & { resolveAll?: ResolveAll }): CheckCallbackAddress {
  const checkPort = createPortPolicy(options);
  const lookup = promisify(guardedLookup(createAddressPolicy(options), options.resolveAll));
  return async (url) => {
    const portProblem = checkPort(url);
    if (portProblem !== undefined) return portProblem;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    try {
      await withDeadline(lookup(host, { all: true }), LOOKUP_DEADLINE_MS, 'looking up the callback host');
      return undefined;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA') return `its host ${host} was not found`;
      return (error as Error).message;
    }
  };
}
