import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { AppError } from '../core/errors.js';
import { isPublicAddress } from './address-policy.js';

type AddressPolicy = (address: string) => string | undefined;

/** Resolves every A and AAAA answer of a name, like `dns.lookup(hostname, { all: true })`. */
export type ResolveAll = (hostname: string, callback: (error: Error | null, answers: LookupAddress[]) => void) => void;

const resolveWithDns: ResolveAll = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

// A literal IP is what the user typed, so its class ("a loopback address") tells them nothing new. What
// a name resolved to is not theirs to learn: "intranet.example (10.1.2.3)" would make us a DNS oracle
// for internal names, and even the class says which kind of network a name points into.
function blocked(host: string, reason: string): AppError {
  return new AppError('blocked_address', `refused to fetch ${host}: it is ${isIP(host) ? reason : 'not a public address'}`);
}

export interface ConcealOptions {
  /** Word every connection failure to an internal address alike (false under FETCH_ALLOW_PRIVATE). */
  concealInternalFailures: boolean;
  /** Whether a name may lead to an internal address at all (FETCH_ALLOW_NETWORKS is set). */
  mayReachInternalByName: boolean;
}

// Errors of the lookup, not of the connection: they say nothing about a port, and dns_not_found needs them.
const LOOKUP_ERROR = /^(ENOTFOUND|ENODATA|EAI_)/;

/**
 * "Refused", "timed out" and "TLS failed" tell a port scanner which hosts and services exist. For a
 * public address that is no secret (anyone can connect) and the detail helps people, so it stays; for
 * an internal one reached through FETCH_ALLOW_NETWORKS every failure reads the same. Net's errors name
 * the address tried; undici's connect timeout does not, so for a name that might be internal it is
 * concealed too. A reply that is not HTTP is only seen after connecting; the port allow-list limits that to 80 and 443.
 */
function concealed(host: string, shown: string, error: Error, options: ConcealOptions): Error {
  if (!options.concealInternalFailures || error instanceof AppError) return error;
  const code = String((error as { code?: unknown }).code ?? '');
  if (LOOKUP_ERROR.test(code)) return error;
  const tried = isIP(host) ? host : (error as { address?: unknown }).address;
  const internal = typeof tried === 'string' ? !isPublicAddress(tried) : options.mayReachInternalByName;
  return internal ? new AppError('fetch_failed', `could not connect to ${shown}`, true, { cause: error }) : error;
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
        if (reason !== undefined) return callback(blocked(hostname, reason), '', 0);
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
export function buildGuardedConnector(
  policy: AddressPolicy,
  connectTimeoutMs: number,
  conceal: ConcealOptions = { concealInternalFailures: false, mayReachInternalByName: false },
  resolveAll?: ResolveAll,
): buildConnector.connector {
  const connect = buildConnector({ timeout: connectTimeoutMs, lookup: guardedLookup(policy, resolveAll) });
  return (options, callback) => {
    const host = options.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const reason = policy(host);
      if (reason !== undefined) return callback(blocked(host, reason), null);
    }
    connect(options, (error, socket) => {
      if (error) return callback(concealed(host, shownHost(options), error, conceal), null);
      const peer = socket.remoteAddress ?? '';
      const reason = policy(peer);
      if (reason !== undefined) {
        socket.destroy();
        return callback(blocked(host, reason), null);
      }
      callback(null, socket);
    });
  };
}

/** The host as URL.host spells it (the port only when not the protocol's default), like fetchError's messages. */
function shownHost({ hostname, port, protocol }: buildConnector.Options): string {
  const defaultPort = protocol === 'https:' ? '443' : '80';
  return port === '' || String(port) === defaultPort ? hostname : `${hostname}:${port}`;
}
