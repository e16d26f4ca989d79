import { describe, expect, it } from 'vitest';
import { createCallbackAddressCheck } from '../../src/fetch/callback-address.js';

const ANSWERS: Record<string, string[]> = {
  'hooks.example.net': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'sneaky.example.net': ['93.184.215.14', '10.0.0.7'],
  'intranet.example.net': ['192.168.1.20'],
};

function check(options: { allowNetworks?: string[]; allowedPorts?: number[] } = {}) {
  return createCallbackAddressCheck({
    allowPrivate: false,
    allowNetworks: options.allowNetworks ?? [],
    ...(options.allowedPorts ? { allowedPorts: options.allowedPorts } : {}),
    resolveAddresses: async (host) => {
      const answers = ANSWERS[host];
      if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return answers;
    },
  });
}

describe('createCallbackAddressCheck', () => {
  it('allows a name whose every address is public', async () => {
    expect(await check()(new URL('https://hooks.example.net/wordcrawler'))).toBeUndefined();
  });

  it('refuses a name with any non-public answer, without saying which', async () => {
    expect(await check()(new URL('https://sneaky.example.net/'))).toBe('sneaky.example.net is not a public address');
    expect(await check()(new URL('https://intranet.example.net/'))).toBe('intranet.example.net is not a public address');
  });

  it('names the class of a literal IP, which the submitter typed', async () => {
    expect(await check()(new URL('http://127.0.0.1/'))).toBe('it is a loopback address');
    expect(await check()(new URL('http://[::ffff:169.254.169.254]/'))).toMatch(/^it is a link-local address/);
  });

  it('allows what FETCH_ALLOW_NETWORKS allows, and refuses ports off FETCH_ALLOWED_PORTS', async () => {
    expect(await check({ allowNetworks: ['192.168.1.0/24'] })(new URL('https://intranet.example.net/'))).toBeUndefined();
    expect(await check()(new URL('https://hooks.example.net:8443/'))).toBe('only ports 80, 443 are fetched');
    expect(await check({ allowedPorts: [443, 8443] })(new URL('https://hooks.example.net:8443/'))).toBeUndefined();
  });

  it('says when the host is not found', async () => {
    expect(await check()(new URL('https://nowhere.example.net/'))).toBe('its host nowhere.example.net was not found');
  });
});
