import { describe, expect, it } from 'vitest';
import { extractMainText } from '../../src/text/main-content.js';
import { MAX_TRACKED_DEPTH } from '../../src/text/visible-text-handler.js';

function main(source: string, mimeType = 'text/html'): string | undefined {
  const text = extractMainText({ bytes: Buffer.from(source, 'utf8'), mimeType });
  return text === undefined ? undefined : text.replace(/\s+/g, ' ').trim();
}

/** A paragraph of prose long enough, with enough commas, to score as article text. */
function prose(label: string): string {
  return `<p>${label} begins here, and the sentence goes on, with clauses, asides, and details that a reader `
    + `would follow through the whole paragraph, since it is the article itself, written to be read.</p>`;
}

const NAVIGATION = '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>';
const FOOTER = '<footer><p>Copyright footerword, all rights reserved, contact us, privacy policy, terms of use.</p></footer>';
const SIDEBAR = '<div class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Sidebarlink one</a></li><li><a href="/b">Sidebarlink two</a></li></ul></div>';
const COOKIES = '<div id="cookie-banner"><p>We use cookies, cookiewords, to improve your experience, and by continuing you agree.</p><button>Accept</button></div>';
const COMMENTS = '<section class="comments"><div class="comment"><p>Commentword: great article, thanks, I agree with every point, really.</p></div></section>';
const RELATED = '<div class="related-posts"><h2>Related</h2><a href="/x">Relatedword story one</a> <a href="/y">Relatedword story two</a></div>';

function page(article: string, extras = `${NAVIGATION}${SIDEBAR}${COOKIES}${RELATED}${COMMENTS}${FOOTER}`): string {
  return `<!doctype html><html><head><title>Headline</title></head><body>${NAVIGATION}<div class="layout"><main><article>${article}</article>${extras}</main></div></body></html>`;
}

describe('extractMainText: keeps the article', () => {
  it('keeps every paragraph of the article', () => {
    const text = main(page(prose('First') + prose('Second') + prose('Third')))!;
    expect(text).toContain('First begins here');
    expect(text).toContain('Second begins here');
    expect(text).toContain('Third begins here');
  });

  it('keeps a subheading and a list that are part of the article', () => {
    const text = main(page(`${prose('First')}<h2>Subheadword</h2><ul><li>Listword one, in prose</li><li>Listword two, in prose</li></ul>${prose('Second')}`))!;
    expect(text).toContain('Subheadword');
    expect(text).toContain('Listword one');
  });

  it('keeps an article inside a form that wraps the whole page, and still drops the menu in it', () => {
    const text = main(`<html><body><form id="aspnetForm"><div>${NAVIGATION}${prose('First')}${prose('Second')}${prose('Third')}${FOOTER}</div></form></body></html>`)!;
    expect(text).toContain('Third begins here');
    expect(text).not.toContain('Sport');
    expect(text).not.toContain('footerword');
  });

  it('keeps a section whose id, made from its heading, happens to be a furniture word', () => {
    const section = `<section id="sharing-the-load"><h2>Sharing the load</h2>${prose('Sectionword')}${prose('More')}</section>`;
    expect(main(page(prose('First') + prose('Second') + section + prose('Third')))).toContain('Sectionword begins here');
  });

  it('keeps words split by inline tags whole', () => {
    const text = main(page(`${prose('First')}<p>A <b>wo</b>rd, <em>spl</em><span>it</span> by inline tags, and more prose here.</p>${prose('Second')}${prose('Third')}`))!;
    expect(text).toContain('A word, split by inline tags');
  });

  it('drops an inline part named as furniture (a share count inside a paragraph)', () => {
    const text = main(page(`${prose('First')}<p>Shared prose, with a count<span class="share-count">Shareword 42</span> inside it, here.</p>${prose('Second')}${prose('Third')}`))!;
    expect(text).toContain('Shared prose, with a count');
    expect(text).not.toContain('Shareword');
  });

  it('keeps block boundaries so words never run together', () => {
    const text = extractMainText({ bytes: Buffer.from(page(`${prose('First')}<p>lastword</p><p>nextword of prose, here.</p>${prose('Second')}`)), mimeType: 'text/html' })!;
    expect(text).not.toContain('lastwordnextword');
    expect(text).toMatch(/lastword\s+nextword/);
  });
});

describe('extractMainText: drops boilerplate', () => {
  const text = main(page(prose('First') + prose('Second') + prose('Third')))!;

  it('drops navigation and the footer', () => {
    expect(text).not.toContain('World');
    expect(text).not.toContain('footerword');
  });

  it('drops the sidebar, related posts and comments', () => {
    expect(text).not.toContain('Sidebarlink');
    expect(text).not.toContain('Relatedword');
    expect(text).not.toContain('Commentword');
  });

  it('drops a cookie banner and hidden elements', () => {
    const hidden = main(page(`${prose('First')}<div hidden><p>Hiddenword text, a lot, of it, here.</p></div>${prose('Second')}`))!;
    expect(text).not.toContain('cookiewords');
    expect(hidden).not.toContain('Hiddenword');
  });

  it('drops a link-dense block inside the article (a share bar, a list of links)', () => {
    const links = '<div><a href="/1">Linkword one</a> <a href="/2">Linkword two</a> <a href="/3">Linkword three</a></div>';
    expect(main(page(prose('First') + prose('Second') + links + prose('Third')))).not.toContain('Linkword');
  });

  it('drops image captions and elements hidden by their style', () => {
    const figure = '<figure><img src="a.jpg"><figcaption>Captionword: a photograph, by someone.</figcaption></figure>';
    const styled = '<div style="display: none"><p>Styleword text, hidden, from every reader, here.</p></div>';
    const text = main(page(prose('First') + figure + prose('Second') + styled + prose('Third')))!;
    expect(text).toContain('Third begins here');
    expect(text).not.toContain('Captionword');
    expect(text).not.toContain('Styleword');
  });

  it('leaves the headline out', () => {
    expect(main(page(`<h1>Headlineword</h1>${prose('First')}${prose('Second')}`))).not.toContain('Headlineword');
  });
});

describe('extractMainText: pages without an article', () => {
  it('returns undefined for a page of navigation only', () => {
    expect(main(`<html><body>${NAVIGATION}<div><a href="/x">Log in</a></div></body></html>`)).toBeUndefined();
  });

  it('returns undefined when the best block is mostly links (a list of teasers)', () => {
    const teasers = Array.from({ length: 6 }, (_, i) => `<div class="card"><a href="/${i}">Teaser headline number ${i}, with commas, and words, enough to score</a></div>`).join('');
    expect(main(`<html><body><div class="grid">${teasers}</div></body></html>`)).toBeUndefined();
  });

  it('returns undefined for an empty page and for plain text', () => {
    expect(main('')).toBeUndefined();
    expect(main('Plain text, with commas, and a long enough sentence to look like prose if it were HTML.', 'text/plain')).toBeUndefined();
  });
});

describe('extractMainText: any language', () => {
  it('extracts a German article', () => {
    const german = '<p>Die Bundesregierung hat am Mittwoch, nach langen Verhandlungen, ein neues Gesetz beschlossen, '
      + 'das die Förderung erneuerbarer Energien, die Netzentgelte und die Strompreise für Haushalte neu regelt.</p>'
      + '<p>Kritiker bemängeln, dass die Änderungen zu spät kommen, während Verbände die Pläne begrüßen, '
      + 'weil sie mehr Planungssicherheit für Investitionen in Wind- und Solaranlagen schaffen.</p>';
    const text = main(page(german))!;
    expect(text).toContain('Förderung erneuerbarer Energien');
    expect(text).toContain('Planungssicherheit');
    expect(text).not.toContain('Sidebarlink');
  });

  it('extracts a Chinese article, whose commas are full-width', () => {
    const chinese = '<p>国家统计局周三公布的数据显示，十月份全国规模以上工业增加值同比增长百分之四点七，增速比上月有所回落，'
      + '消费品零售总额同比增长百分之七点二，市场预期总体稳定。</p>'
      + '<p>分析人士认为，随着一系列稳增长政策的落实，经济运行有望保持在合理区间，但外部环境依然复杂，'
      + '需要进一步扩大内需，增强发展的内生动力。</p>';
    const text = main(page(chinese))!;
    expect(text).toContain('国家统计局周三公布的数据显示');
    expect(text).toContain('增强发展的内生动力');
    expect(text).not.toContain('Commentword');
  });
});

describe('extractMainText: hostile markup', () => {
  it('survives nesting far deeper than the depth cap and keeps the words apart', () => {
    const depth = MAX_TRACKED_DEPTH * 4;
    const deep = `${'<div>'.repeat(depth)}${prose('Deep')}<p>deepword</p><p>nextword</p>${'</div>'.repeat(depth)}`;
    const text = main(`<html><body>${deep}</body></html>`)!;
    expect(text).toContain('Deep begins here');
    expect(text).not.toContain('deepwordnextword');
  });

  it('reads content a page left inside an unclosed <head>, but not its title', () => {
    const text = main(`<html><head><title>Titleword</title><meta charset="utf-8"><div>${prose('Headbound')}${prose('More')}</div></html>`)!;
    expect(text).toContain('Headbound begins here');
    expect(text).not.toContain('Titleword');
  });

  it('reads a fragment without <html> or <body>', () => {
    expect(main(prose('Fragment') + prose('More'))).toContain('Fragment begins here');
  });

  it('survives malformed markup: unclosed tags, stray end tags, a tag cut off at the end', () => {
    const broken = `<html><body><div class="content"><p>Unclosed paragraph, with commas, and more words, for the reader to follow along<p>${prose('Second')}</span></td></div></i><div><p>${prose('Third')}<sp`;
    const text = main(broken)!;
    expect(text).toContain('Unclosed paragraph');
    expect(text).toContain('Third begins here');
    expect(text).not.toContain('<sp');
  });
});
