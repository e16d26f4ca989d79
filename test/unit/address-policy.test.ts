import { describe, expect, it } from 'vitest';
import { createAddressPolicy, createPortPolicy, isPublicAddress } from '../../src/fetch/address-policy.js';

const strict = createAddressPolicy({ allowPrivate: false, allowNetworks: [] });

describe('createAddressPolicy: refused by default', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['10.1.2.3', /private/],
    ['172.16.0.1', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['0.0.0.0', /unspecified/],
    ['::', /unspecified/],
    ['::1', /loopback/],
    ['fe80::1', /link-local/],
    ['fc00::1', /unique local/],
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:10.0.0.1', /private/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['192.0.2.1', /reserved/],
  ])('refuses %s', (address, reason) => {
    expect(strict(address)).toMatch(reason);
  });

  it('refuses something that is not an IP address', () => {
    expect(strict('example.com')).toBe('not an IP address');
  });
});

describe('createAddressPolicy: allowed by default', () => {
  it.each(['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])('allows the public address %s', (address) => {
    expect(strict(address)).toBeUndefined();
  });
});

describe('createAddressPolicy: options', () => {
  it('allows every address when allowPrivate is true', () => {
    const open = createAddressPolicy({ allowPrivate: true, allowNetworks: [] });
    for (const address of ['127.0.0.1', '10.0.0.1', '169.254.169.254', '::1', 'fc00::1', '8.8.8.8']) {
      expect(open(address)).toBeUndefined();
    }
  });

  it('allows only the listed networks in addition to public addresses', () => {
    const policy = createAddressPolicy({ allowPrivate: false, allowNetworks: ['127.0.0.2/32'] });
    expect(policy('127.0.0.2')).toBeUndefined();
    expect(policy('::ffff:127.0.0.2')).toBeUndefined();
    expect(policy('127.0.0.1')).toMatch(/loopback/);
    expect(policy('10.0.0.1')).toMatch(/private/);
    expect(policy('8.8.8.8')).toBeUndefined();
  });

  it('matches an allowed network only against addresses of the same IP version', () => {
    const policy = createAddressPolicy({ allowPrivate: false, allowNetworks: ['10.0.0.0/8', 'fd00::/8'] });
    expect(policy('10.200.0.1')).toBeUndefined();
    expect(policy('fd12::1')).toBeUndefined();
    expect(policy('fc00::1')).toMatch(/unique local/);
    expect(policy('192.168.0.1')).toMatch(/private/);
  });
});

describe('createPortPolicy', () => {
  const strictPorts = createPortPolicy({ allowPrivate: false });

  it('allows 80 and 443 by default, spelled or implied', () => {
    for (const url of ['http://example.com/', 'https://example.com/', 'http://example.com:80/', 'https://example.com:443/', 'http://example.com:443/']) {
      expect(strictPorts(new URL(url))).toBeUndefined();
    }
  });

  it('refuses other ports, naming the allowed ones', () => {
    expect(strictPorts(new URL('http://example.com:22/'))).toBe('only ports 80, 443 are fetched');
    expect(createPortPolicy({ allowPrivate: false, allowedPorts: [8080] })(new URL('http://example.com/'))).toBe('only port 8080 is fetched');
  });

  it('allows every port with allowPrivate', () => {
    expect(createPortPolicy({ allowPrivate: true, allowedPorts: [443] })(new URL('http://127.0.0.1:6379/'))).toBeUndefined();
  });
});

describe('isPublicAddress', () => {
  it.each([['93.184.215.14', true], ['10.0.0.1', false], ['::ffff:127.0.0.1', false], ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', true], ['nonsense', false]])(
    '%s: %s',
    (address, expected) => expect(isPublicAddress(address)).toBe(expected),
  );
});
