import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { AppError } from '../errors.js';

type AddressPolicy = (address: string) => string | undefined;

function blocked(host: string, address: string, reason: string): AppError {
  const shown = host === address ? address : `${host} (${address})`;
  return new AppError('blocked_address', `refused to fetch ${shown}: it is ${reason}`);
}

/**
 * Resolves every A and AAAA answer and refuses the host if any of them is not allowed,
 * so a name cannot smuggle a private address in beside a public one.
 */
function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, answers: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      for (const { address } of answers) {
        const reason = policy(address);
        if (reason !== undefined) return callback(blocked(hostname, address, reason), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, answers);
      const [first] = answers;
      callback(null, first!.address, first!.family);
    });
  };
}

/**
 * An undici connector that checks the address actually connected to, on every connection
 * (so every redirect hop): literal IPs before connecting, names at lookup, and the socket's
 * peer afterwards as the last word against DNS rebinding.
 */
export function buildGuardedConnector(policy: AddressPolicy, connectTimeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: connectTimeoutMs, lookup: guardedLookup(policy) });
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
