import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { createAddressPolicy } from '../../src/fetch/address-policy.js';
import { guardedLookup, type ResolveAll } from '../../src/fetch/guarded-connector.js';

const strict = createAddressPolicy({ allowPrivate: false, allowNetworks: [] });

/** A resolver answering from a table, as a name server under an attacker's control might. */
function resolverOf(answers: LookupAddress[]): ResolveAll {
  return (_hostname, callback) => callback(null, answers);
}

/** Calls the lookup the way net.connect does and returns what it answered. */
function lookUp(resolve: ResolveAll, options: { all?: boolean; family?: number } = {}) {
  return new Promise<{ error: Error | null; address: unknown; family?: number }>((done) => {
    guardedLookup(strict, resolve)('evil.example', options, ((error: Error | null, address: unknown, family?: number) =>
      done({ error, address, family })) as never);
  });
}

const PUBLIC_V4 = { address: '93.184.215.14', family: 4 };
const PUBLIC_V6 = { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 };

describe('guardedLookup', () => {
  it('refuses a name whose answers mix public and private addresses, whatever their order', async () => {
    for (const answers of [[PUBLIC_V4, { address: '10.0.0.7', family: 4 }], [{ address: '10.0.0.7', family: 4 }, PUBLIC_V4]]) {
      const { error } = await lookUp(resolverOf(answers), { all: true });
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'blocked_address', message: 'refused to fetch evil.example: it is not a public address' });
    }
  });

  it('checks AAAA answers too, even when the connection asked only for IPv4', async () => {
    const { error } = await lookUp(resolverOf([PUBLIC_V4, { address: 'fd00::1', family: 6 }]), { family: 4 });
    expect(error).toMatchObject({ code: 'blocked_address', message: 'refused to fetch evil.example: it is not a public address' });
  });

  it('refuses a private address hidden in an IPv6 answer', async () => {
    const { error } = await lookUp(resolverOf([PUBLIC_V4, { address: '64:ff9b::a9fe:a9fe', family: 6 }]), { all: true });
    expect(error).toMatchObject({ code: 'blocked_address', message: 'refused to fetch evil.example: it is not a public address' });
  });

  it('passes all public answers through, keeping only the family asked for', async () => {
    expect(await lookUp(resolverOf([PUBLIC_V4, PUBLIC_V6]), { all: true })).toMatchObject({ error: null, address: [PUBLIC_V4, PUBLIC_V6] });
    expect(await lookUp(resolverOf([PUBLIC_V4, PUBLIC_V6]), { all: true, family: 6 })).toMatchObject({ address: [PUBLIC_V6] });
    expect(await lookUp(resolverOf([PUBLIC_V6, PUBLIC_V4]), { family: 4 })).toEqual({ error: null, address: PUBLIC_V4.address, family: 4 });
  });

  it('passes a resolver failure on untouched, so it is reported as dns_not_found, not blocked', async () => {
    const failure = Object.assign(new Error('getaddrinfo ENOTFOUND evil.example'), { code: 'ENOTFOUND' });
    const { error } = await lookUp((_hostname, callback) => callback(failure, []));
    expect(error).toBe(failure);
  });

  it('names only the host: neither what it resolved to nor its class, which would make us a DNS oracle', async () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '169.254.169.254', 'fd00::1']) {
      const { error } = await lookUp(resolverOf([PUBLIC_V4, { address, family: isIP(address) }]), { all: true });
      expect(error!.message).toBe('refused to fetch evil.example: it is not a public address');
    }
    const { error } = await lookUp(resolverOf([{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }]), { all: true });
    expect(error!.message).not.toMatch(/getaddrinfo|lookup|127\.0|::1|loopback|private|ENOTFOUND|EAI_|Error/);
  });
});
