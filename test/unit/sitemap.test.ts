import { describe, expect, it } from 'vitest';
import { parseSitemap } from '../../src/crawl/sitemap.js';

const URLSET = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>
      https://example.com/a?x=1&amp;y=2
    </loc>
    <lastmod>2024-01-01</lastmod>
    <image:image><image:loc>https://example.com/photo.jpg</image:loc></image:image>
  </url>
  <url><lastmod>2024-01-02</lastmod><loc><![CDATA[https://example.com/b]]></loc></url>
  <url><loc>https://example.com/a?x=1&amp;y=2</loc></url>
  <url><loc>/relative</loc></url>
  <url><loc>mailto:someone@example.com</loc></url>
  <url><loc>https://user:secret@example.com/c</loc></url>
  <url><loc>https://example.com/d#part</loc></url>
</urlset>`;

describe('parseSitemap', () => {
  it('lists the pages of a urlset: trimmed, decoded, absolute http(s), each once', () => {
    expect(parseSitemap(URLSET, 100)).toEqual({
      pages: ['https://example.com/a?x=1&y=2', 'https://example.com/b', 'https://example.com/d'],
      sitemaps: [],
    });
  });

  it('lists the sitemaps of an index', () => {
    const xml = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://example.com/s1.xml</loc><lastmod>2024-01-01</lastmod></sitemap>
      <sitemap><loc>https://example.com/s2.xml.gz</loc></sitemap>
    </sitemapindex>`;
    expect(parseSitemap(xml, 100)).toEqual({ pages: [], sitemaps: ['https://example.com/s1.xml', 'https://example.com/s2.xml.gz'] });
  });

  it('stops at maxUrls in all', () => {
    const entries = Array.from({ length: 10 }, (_, i) => `<url><loc>https://example.com/${i}</loc></url>`).join('');
    expect(parseSitemap(`<urlset>${entries}</urlset>`, 3).pages).toEqual(['https://example.com/0', 'https://example.com/1', 'https://example.com/2']);
    const mixed = `<sitemapindex><sitemap><loc>https://example.com/s.xml</loc></sitemap></sitemapindex><urlset>${entries}</urlset>`;
    expect(parseSitemap(mixed, 2)).toEqual({ pages: ['https://example.com/0'], sitemaps: ['https://example.com/s.xml'] });
  });

  it('reads no further than it needs to', () => {
    const entry = '<url><loc>https://example.com/page</loc></url>';
    const xml = `<urlset>${entry}${'<x>'.repeat(2_000_000)}</urlset>`;
    const timed = (maxUrls: number): number => {
      const start = performance.now();
      parseSitemap(xml, maxUrls);
      return performance.now() - start;
    };
    // Against the whole read rather than a fixed time, so a slow machine slows both (about 25 ms against 200).
    expect(timed(1)).toBeLessThan(timed(2) / 2);
    expect(parseSitemap(xml, 1).pages).toEqual(['https://example.com/page']);
  });

  it('reads a deeply nested file in linear time', () => {
    const xml = `<urlset>${'<x>'.repeat(100_000)}<url><loc>https://example.com/deep</loc></url>${'</x>'.repeat(100_000)}</urlset>`;
    const start = performance.now();
    expect(parseSitemap(xml, 10).pages).toEqual(['https://example.com/deep']);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('ignores a loc outside any url or sitemap, and tags of another case', () => {
    expect(parseSitemap('<urlset><loc>https://example.com/x</loc><URL><LOC>https://example.com/y</LOC></URL></urlset>', 10).pages).toEqual([]);
  });

  it('reads a text sitemap, one URL a line', () => {
    const text = '\uFEFF  https://example.com/a\r\nnot a url\n\nhttps://example.com/b  \n/relative\nhttps://example.com/a\n';
    expect(parseSitemap(text, 10)).toEqual({ pages: ['https://example.com/a', 'https://example.com/b'], sitemaps: [] });
    expect(parseSitemap(text, 1).pages).toEqual(['https://example.com/a']);
  });

  it('reads an XML sitemap after a byte order mark and blank lines', () => {
    expect(parseSitemap('\uFEFF\n\n<urlset><url><loc>https://example.com/a</loc></url></urlset>', 10).pages).toEqual(['https://example.com/a']);
  });
});
