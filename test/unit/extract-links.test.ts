import { describe, expect, it } from 'vitest';
import { extractLinks } from '../../src/text/extract-links.js';

const PAGE = 'https://example.com/docs/page.html';

describe('extractLinks', () => {
  it('resolves a and area links in document order, each once, without fragments', () => {
    const html = `<a href="intro.html">Intro</a> <A HREF="/about#team">About</A>
      <map><area href="../map?x=1&amp;y=2" alt=""></map> <a href="/about">again</a> <a>no href</a>`;
    expect(extractLinks(html, PAGE)).toEqual({
      links: ['https://example.com/docs/intro.html', 'https://example.com/about', 'https://example.com/map?x=1&y=2'],
      nofollow: false,
    });
  });

  it('reads the link tags as an HTML parser does: names in any case, the first of a repeated attribute, entities, self-closing tags, unquoted values', () => {
    const html = `<abbr href="/not-a-link">x</abbr><A Rel=NOFOLLOW href="/skipped"></A>
      <a href="/first" HREF="/second">x</a> <a href="/q?a=1&amp;b=&#50;&lt" />
      <meta NAME="Robots" CONTENT="index"><LINK rel=canonical href=/canon><a href=/plain>y</a>`;
    expect(extractLinks(html, PAGE)).toEqual({
      links: ['https://example.com/first', 'https://example.com/q?a=1&b=2%3C', 'https://example.com/plain'],
      nofollow: false,
      canonical: 'https://example.com/canon',
    });
  });

  it('trims the href as the HTML standard does', () => {
    expect(extractLinks('<a href="\n\t  next.html  \r\n">', PAGE).links).toEqual(['https://example.com/docs/next.html']);
  });

  it.each([
    'mailto:someone@example.com', 'javascript:void(0)', 'tel:+1234', 'data:text/html,hi', 'ftp://example.com/f',
    'https://user:pass@example.com/', 'https://user@example.com/', 'http://[bad', '#top', '', PAGE,
  ])('drops %j', (href) => {
    expect(extractLinks(`<a href="${href}">x</a>`, PAGE).links).toEqual([]);
  });

  it('leaves out rel="nofollow" links, in any case and among other tokens', () => {
    const html = '<a href="/a" rel="noopener NoFollow">a</a><a href="/b" rel="nofollowing">b</a><area href="/c" rel="nofollow">';
    expect(extractLinks(html, PAGE).links).toEqual(['https://example.com/b']);
  });

  it('resolves every link against the first base href, even links before it', () => {
    const html = '<a href="early">e</a><base target="_blank"><base href="https://cdn.example.net/v1/"><base href="/ignored/"><a href="late">l</a>';
    expect(extractLinks(html, PAGE).links).toEqual(['https://cdn.example.net/v1/early', 'https://cdn.example.net/v1/late']);
  });

  it('resolves a relative base href against the page', () => {
    expect(extractLinks('<base href="../other/"><a href="x">x</a>', PAGE).links).toEqual(['https://example.com/other/x']);
  });

  it('reads the first canonical link, resolved', () => {
    const html = '<link rel="stylesheet" href="/s.css"><link rel="Canonical" href="/docs/page"><link rel="canonical" href="/second">';
    expect(extractLinks(html, PAGE)).toEqual({ links: [], nofollow: false, canonical: 'https://example.com/docs/page' });
  });

  it.each(['nofollow', 'NOINDEX, NoFollow', 'none', 'noarchive,none'])('notes meta robots %j', (content) => {
    expect(extractLinks(`<meta name="Robots" content="${content}"><a href="/a">`, PAGE).nofollow).toBe(true);
  });

  it.each(['noindex', 'nofollowing', 'index, follow'])('follows with meta robots %j', (content) => {
    expect(extractLinks(`<meta name="robots" content="${content}">`, PAGE).nofollow).toBe(false);
  });

  it('ignores the meta of other names', () => {
    expect(extractLinks('<meta name="description" content="none">', PAGE).nofollow).toBe(false);
  });

  it('finds no links in scripts, styles or comments', () => {
    const html = `<script>document.write('<a href="/s">')</script><style>/* <a href="/t"> */</style><!-- <a href="/c"> -->
      <textarea><a href="/ta"></textarea><a href="/real">r</a>`;
    expect(extractLinks(html, PAGE).links).toEqual(['https://example.com/real']);
  });

  it('keeps at most maxLinks', () => {
    const html = Array.from({ length: 10 }, (_, i) => `<a href="/${i}">`).join('');
    expect(extractLinks(html, PAGE, 3).links).toEqual(['https://example.com/0', 'https://example.com/1', 'https://example.com/2']);
  });

  it('counts maxLinks after dropping duplicates and unusable links', () => {
    const html = '<a href="/a"><a href="/a#x"><a href="mailto:x@example.com"><a href="/b">';
    expect(extractLinks(html, PAGE, 2).links).toEqual(['https://example.com/a', 'https://example.com/b']);
  });

  it('reads a deeply nested page in linear time', () => {
    const html = `${'<div>'.repeat(100_000)}<a href="/deep">d</a>${'</div>'.repeat(100_000)}`;
    const start = performance.now();
    expect(extractLinks(html, PAGE).links).toEqual(['https://example.com/deep']);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
