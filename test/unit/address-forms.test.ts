import { describe, expect, it } from 'vitest';
import { createAddressPolicy } from '../../src/fetch/address-policy.js';

const strict = createAddressPolicy({ allowPrivate: false, allowNetworks: [] });

/** What the connector judges: the URL's host as the WHATWG parser (undici's too) writes it, unbracketed. */
const hostOf = (url: string) => new URL(url).hostname.replace(/^\[|\]$/g, '');

describe('numeric IPv4 forms in URLs', () => {
  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://0x7F000001/', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://0xa9.0376.43518/', '169.254.169.254'],
    ['http://①②⑦.0.0.1/', '127.0.0.1'],
  ])('%s is parsed to %s before anything judges it, and refused', (url, address) => {
    expect(hostOf(url)).toBe(address);
    expect(strict(hostOf(url))).toBeDefined();
  });
});

describe('IPv6 forms carrying an IPv4 address', () => {
  it.each([
    ['http://[::ffff:127.0.0.1]/', /loopback/],
    ['http://[::ffff:7f00:1]/', /loopback/],
    ['http://[::127.0.0.1]/', /loopback/], // IPv4-compatible, parsed to ::7f00:1
    ['http://[::a00:1]/', /private/],
    ['http://[64:ff9b::7f00:1]/', /loopback/], // NAT64
    ['http://[64:ff9b::169.254.169.254]/', /link-local/],
    ['http://[64:ff9b::192.168.0.1]/', /private/],
    ['http://[::ffff:0:7f00:1]/', /reserved/], // IPv4-translated (RFC 6145)
    ['http://[64:ff9b:1::7f00:1]/', /reserved/], // local-use NAT64 (RFC 8215): where the IPv4 sits varies
    ['http://[2002:7f00:1::1]/', /reserved/], // 6to4
    ['http://[2001:0:7f00:1::]/', /reserved/], // Teredo
  ])('%s is refused', (url, reason) => {
    expect(strict(hostOf(url))).toMatch(reason);
  });

  it('keeps the IPv6 meaning of :: and ::1, which lie inside the IPv4-compatible range', () => {
    expect(strict('::')).toMatch(/unspecified/);
    expect(strict('::1')).toMatch(/loopback/);
  });

  it('allows the NAT64 form of a public address, which a DNS64 network hands out', () => {
    expect(strict(hostOf('http://[64:ff9b::8.8.8.8]/'))).toBeUndefined();
  });

  it('matches allowed networks against the IPv4 address inside', () => {
    const policy = createAddressPolicy({ allowPrivate: false, allowNetworks: ['127.0.0.2/32'] });
    expect(policy('64:ff9b::7f00:2')).toBeUndefined();
    expect(policy('::7f00:2')).toBeUndefined();
    expect(policy('64:ff9b::7f00:1')).toMatch(/loopback/);
  });
});
