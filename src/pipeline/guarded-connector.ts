import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { AppError } from '../errors.js';

type AddressPolicy = (address: string) => string | undefined;

/** Resolves every A and AAAA answer of a name, like `dns.lookup(hostname, { all: true })`. */
export type ResolveAll = (hostname: string, callback: (error: Error | null, answers: LookupAddress[]) => void) => void;

const resolveWithDns: ResolveAll = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

// The message names the host, the refused address and its class; nothing from the resolver.
function blocked(host: string, address: string, reason: string): AppError {
  const shown = host === address ? address : `${host} (${address})`;
  return new AppError('blocked_address', `refused to fetch ${shown}: it is ${reason}`);
}

/**
 * Resolves every A and AAAA answer and refuses the host if any of them is not allowed, even one of
 * a family this connection will not use, so a name cannot smuggle a private address in beside a public one.
 */
export function guardedLookup(policy: AddressPolicy, resolveAll: ResolveAll = resolveWithDns): LookupFunction {
  return (hostname, options, callback) => {
    resolveAll(hostname, (error, answers) => {
      if (error) return callback(error, '', 0);
      for (const { address } of answers) {
        const reason = policy(address);
        if (reason !== undefined) return callback(blocked(hostname, address, reason), '', 0);
      }
      const usable = options.family === 4 || options.family === 6 ? answers.filter(({ family }) => family === options.family) : answers;
      const [first] = usable;
      if (first === undefined) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * An undici connector that checks the address actually connected to, on every connection
 * (so every redirect hop): literal IPs before connecting, names at lookup, and the socket's
 * peer afterwards as the last word against DNS rebinding.
 */
export function buildGuardedConnector(policy: AddressPolicy, connectTimeoutMs: number, resolveAll?: ResolveAll): buildConnector.connector {
  const connect = buildConnector({ timeout: connectTimeoutMs, lookup: guardedLookup(policy, resolveAll) });
  return (options, callback) => {
    const host = options.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const reason = policy(host);
      if (reason !== undefined) return callback(blocked(host, host, reason), null);
    }
    connect(options, (error, socket) => {
      if (error) return callback(error, null);
      const peer = socket.remoteAddress ?? '';
      const reason = policy(peer);
      if (reason !== undefined) {
        socket.destroy();
        return callback(blocked(host, peer, reason), null);
      }
      callback(null, socket);
    });
  };
}
