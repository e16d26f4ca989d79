import { describe, expect, it } from 'vitest';
import { canonicalizeUrl } from '../../src/core/canonical-url.js';

describe('canonicalizeUrl', () => {
  it.each([
    ['HTTP://Example.COM:80/a?b=2&a=1#top', 'http://example.com/a?a=1&b=2'],
    ['https://example.com:443/', 'https://example.com/'],
    ['https://example.com:8443/', 'https://example.com:8443/'],
    ['https://example.com/p?utm_source=x&UTM_Medium=y&id=7', 'https://example.com/p?id=7'],
    ['https://example.com/p?utm_source=x', 'https://example.com/p'],
    ['https://example.com/p?b=2&a=2&a=1', 'https://example.com/p?a=1&a=2&b=2'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
  ])('%s → %s', (input, canonical) => {
    expect(canonicalizeUrl(input)).toBe(canonical);
  });

  it('compares parameters as written, never decoding them', () => {
    expect(canonicalizeUrl('https://example.com/?q=caf%E9')).toBe('https://example.com/?q=caf%E9');
    expect(canonicalizeUrl('https://example.com/?q=caf%E9')).not.toBe(canonicalizeUrl('https://example.com/?q=caf%E8'));
    expect(canonicalizeUrl('https://example.com/?q=%zz')).not.toBe(canonicalizeUrl('https://example.com/?q=%25zz'));
  });

  it('keeps the path as it is: paths are case-sensitive', () => {
    expect(canonicalizeUrl('https://example.com/About')).not.toBe(canonicalizeUrl('https://example.com/about'));
  });
});
