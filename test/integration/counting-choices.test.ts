import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

// How a page is counted, through the API: its language (detected, or named at submission) decides
// whose stop words go, and `content: "main"` counts the article without the page's furniture.
const GERMAN = `<html lang="de"><body><main><article><h1>Die Geschichte der Eisenbahn</h1>
  <p>Die Eisenbahn veränderte das Leben der Menschen im neunzehnten Jahrhundert grundlegend. Mit der
  Eisenbahn reisten die Menschen schneller und weiter als jemals zuvor, und die Städte wuchsen an den
  Bahnhöfen. Die Eisenbahn brachte Kohle und Stahl in die Fabriken und die Waren in die Häfen.</p>
  <p>Heute fahren Züge mit Strom, und die Eisenbahn gilt wieder als das Verkehrsmittel der Zukunft, weil
  sie weniger Energie braucht als das Auto und das Flugzeug.</p></article></main></body></html>`;

const NAVIGATION = Array.from({ length: 30 }, (_, i) => `<li><a href="/section-${i}">Menu entry ${i}</a></li>`).join('');
const ARTICLE = `<!doctype html><html lang="en"><head><title>Lighthouses</title></head><body>
  <header><nav class="site-nav"><ul>${NAVIGATION}</ul></nav></header>
  <main><article class="post-content"><h1>Why lighthouses still matter</h1>
  <p>Lighthouses guided sailors along dangerous coasts for centuries, and many still stand at the
  mouths of harbours today. A lighthouse keeper once lived beside the lamp, trimming the wick and
  winding the clockwork that turned the lens through the night.</p>
  <p>Modern lighthouses run automatically, yet ships still look for their beams when satellite
  navigation fails. The lighthouse remains a lasting symbol of safety at sea for every sailor.</p>
  <p>Keepers wrote logbooks about storms, wrecks and rescues, and those logbooks now tell historians
  how the coast changed and how lighthouses kept sailors alive through the worst winters.</p>
  </article></main>
  <footer class="site-footer"><p>Copyright footer menu newsletter subscribe privacy cookies</p>
  <ul>${NAVIGATION}</ul></footer></body></html>`;

describe('counting choices through the API', () => {
  let service: TestService;
  let site: FixtureServer;
  const start = (body: unknown) => postJson(`${service.baseUrl}/start`, body);
  const counted = async (body: Record<string, unknown>) => {
    const answer = await start(body);
    expect(answer.status).toBe(202);
    const top = await waitForResult(service.baseUrl, answer.body.key, '?limit=100');
    expect(top.status).toBe(200);
    const status = await getJson(`${service.baseUrl}/status/${answer.body.key}`);
    return { key: answer.body.key as string, words: (top.body as [string, number][]).map(([word]) => word.toLowerCase()), status: status.body };
  };

  beforeAll(async () => {
    site = await startFixtureServer({ '/german': respond(GERMAN), '/article': respond(ARTICLE), '/bare': respond('<p>just a line of text</p>') });
    service = await startTestService();
  });
  afterAll(async () => {
    await service?.stop();
    await site?.close();
  });

  it('detects a German page and removes German stop words, saying so in the status', async () => {
    const { words, status } = await counted({ url: `${site.origin}/german` });
    expect(status).toMatchObject({ language: 'de', language_source: 'detected', stop_words: 'de', content: 'page', content_used: 'page' });
    expect(words).toContain('eisenbahn');
    for (const stopWord of ['die', 'der', 'und', 'das', 'als']) expect(words).not.toContain(stopWord);
  });

  it('counts in the language named at submission instead of the detected one', async () => {
    const { words, status } = await counted({ url: `${site.origin}/german`, language: 'EN', fresh: true });
    expect(status).toMatchObject({ language: 'en', language_source: 'requested', stop_words: 'en' });
    // English stop words are gone, German ones are not.
    expect(words).toContain('die');
    expect(words).toContain('weil');
  });

  it('counts only the main content when asked, and the whole page by default', async () => {
    const whole = await counted({ url: `${site.origin}/article` });
    const main = await counted({ url: `${site.origin}/article`, content: 'main' });
    expect(whole.status).toMatchObject({ content: 'page', content_used: 'page' });
    expect(main.status).toMatchObject({ content: 'main', content_used: 'main', language: 'en' });
    expect(whole.words).toEqual(expect.arrayContaining(['menu', 'entry', 'lighthouses']));
    expect(main.words).toEqual(expect.arrayContaining(['lighthouses', 'sailors', 'logbooks']));
    for (const furniture of ['menu', 'entry', 'copyright', 'newsletter']) expect(main.words).not.toContain(furniture);
    expect(main.status.total_words).toBeLessThan(whole.status.total_words);
  });

  it('falls back to the whole page when it has no main content, and says so', async () => {
    const { words, status } = await counted({ url: `${site.origin}/bare`, content: 'main' });
    expect(status).toMatchObject({ content: 'main', content_used: 'page' });
    expect(words).toContain('line');
  });

  it('answers a bad content mode or language with a 400 naming the field', async () => {
    for (const [body, field] of [
      [{ url: `${site.origin}/bare`, content: 'article' }, 'content'],
      [{ url: `${site.origin}/bare`, content: 7 }, 'content'],
      [{ url: `${site.origin}/bare`, language: 'klingon' }, 'language'],
      [{ url: `${site.origin}/bare`, language: ['de'] }, 'language'],
    ] as const) {
      const answer = await start(body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'invalid_request', error: expect.stringContaining(field) });
    }
  });
});

describe('reuse of a recent result', () => {
  let service: TestService;
  let site: FixtureServer;

  beforeAll(async () => {
    site = await startFixtureServer({ '/article': respond(ARTICLE) });
    service = await startTestService({ REUSE_WINDOW_SECONDS: '300' });
  });
  afterAll(async () => {
    await service?.stop();
    await site?.close();
  });

  it('reuses only a result counted the same way (content mode and language)', async () => {
    const submit = (body: Record<string, unknown>) => postJson(`${service.baseUrl}/start`, { url: `${site.origin}/article`, ...body });
    const page = await submit({});
    const main = await submit({ content: 'main' });
    const german = await submit({ content: 'main', language: 'de' });
    expect(new Set([page.body.key, main.body.key, german.body.key]).size).toBe(3);
    expect((await submit({ content: 'page' })).body).toMatchObject({ key: page.body.key, reused: true });
    expect((await submit({ content: 'main' })).body).toMatchObject({ key: main.body.key, reused: true });
    expect((await submit({ content: 'main', language: 'de-DE' })).body).toMatchObject({ key: german.body.key, reused: true });
  });
});
