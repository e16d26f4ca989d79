import { describe, expect, it } from 'vitest';
import { clientKey, clientKeyOf } from '../../src/web/middleware/client-key.js';

describe('clientKey', () => {
  it('keys an IPv4 client by its address', () => {
    expect(clientKey({ ip: '203.0.113.7' })).toBe('203.0.113.7');
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(clientKeyOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKeyOf('::FFFF:cb00:7107')).toBe('203.0.113.7');
  });

  it('keys every address of one IPv6 /64 alike, and another /64 apart', () => {
    const one = clientKeyOf('2001:db8:1:2::1');
    expect(one).toBe('2001:db8:1:2::/64');
    expect(clientKeyOf('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe(one);
    expect(clientKeyOf('2001:db8:1:2:abcd::9%eth0')).toBe(one);
    expect(clientKeyOf('2001:db8:1:3::1')).not.toBe(one);
  });

  it('answers one shared key when there is no usable address', () => {
    expect(clientKey({ ip: undefined })).toBe('unknown');
    expect(clientKeyOf('not-an-address')).toBe('unknown');
  });
});
