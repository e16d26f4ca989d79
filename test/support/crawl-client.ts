import { getJson, postJson } from './api-client.js';

export interface ListedPage {
  url: string;
  final_url: string | null;
  depth: number;
  status: 'queued' | 'active' | 'completed' | 'failed' | 'skipped';
  code: string | null;
  error: string | null;
  total_words: number | null;
  key: string | null;
}

/** Starts a crawl at `url` with these options and returns its key, failing unless the service answered 202 kind crawl. */
export async function startCrawl(baseUrl: string, url: string, crawl: Record<string, unknown> = {}): Promise<string> {
  const answer = await postJson(`${baseUrl}/start`, { url, crawl });
  if (answer.status !== 202 || answer.body.kind !== 'crawl') throw new Error(`crawl start answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.key as string;
}

/** Every page the crawl listed, in discovery order. */
export async function crawlPages(baseUrl: string, key: string): Promise<ListedPage[]> {
  const answer = await getJson(`${baseUrl}/results/${key}/pages?limit=1000`);
  if (answer.status !== 200) throw new Error(`pages of ${key} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.pages as ListedPage[];
}

/** The pages as [path, status, code], easy to compare whole. */
export async function crawlPageSummary(baseUrl: string, key: string): Promise<Array<[string, string, string | null]>> {
  return (await crawlPages(baseUrl, key)).map((page) => [new URL(page.url).pathname, page.status, page.code]);
}
