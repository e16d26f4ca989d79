import { Agent, request } from 'undici';
import { AppError } from '../core/errors.js';
import { createAddressPolicy, createPortPolicy, type AddressPolicyOptions, type PortPolicyOptions } from './address-policy.js';
import { fetchError, type FetchTimeouts } from './fetch-errors.js';
import { buildGuardedConnector, type ResolveAll } from './guarded-connector.js';

/** A receiver has this long to take a callback (connecting, answering and its body); it is tried again later. */
export const CALLBACK_TIMEOUT_MS = 10_000;
const TIMEOUTS: FetchTimeouts = { totalMs: CALLBACK_TIMEOUT_MS, connectMs: CALLBACK_TIMEOUT_MS / 2, idleMs: CALLBACK_TIMEOUT_MS };

export interface CallbackPosterOptions extends AddressPolicyOptions, PortPolicyOptions {
  /** For tests: how host names resolve (DNS by default). */
  resolveAll?: ResolveAll;
}

export interface CallbackPoster {
  /** POSTs a JSON body and answers the receiver's status; throws an AppError when there is none (blocked_address among them). */
  post(url: string, body: string, headers: Readonly<Record<string, string>>): Promise<number>;
  close(): Promise<void>;
}

/**
 * Callbacks go out under the fetches' address policy, checked again at every delivery since what a name
 * resolves to may have changed since submission. A redirect is not followed: it is an answer like any
 * other non-2xx, and following it would let a receiver send our signed request elsewhere.
 */
export function createCallbackPoster(options: CallbackPosterOptions): CallbackPoster {
  const agent = new Agent({
    connect: buildGuardedConnector(createAddressPolicy(options), TIMEOUTS.connectMs, undefined, options.resolveAll),
    headersTimeout: TIMEOUTS.idleMs,
    bodyTimeout: TIMEOUTS.idleMs,
  });
  const checkPort = createPortPolicy(options);
  return {
    async post(url, body, headers) {
      try {
        const target = new URL(url);
        const portProblem = checkPort(target);
        if (portProblem !== undefined) throw new AppError('blocked_address', `refused to call ${target.host}: ${portProblem}`);
        const response = await request(url, {
          method: 'POST', dispatcher: agent, body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(TIMEOUTS.totalMs),
        });
        // What a receiver answers is not read, only drained so the connection can be reused.
        await response.body.dump();
        return response.statusCode;
      } catch (error) {
        throw fetchError(error, url, TIMEOUTS);
      }
    },
    close: () => agent.close(),
  };
}
