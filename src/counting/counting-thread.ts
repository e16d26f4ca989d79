import type { MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { PageBody } from '../core/page-body.js';
import type { SiteFindings } from '../core/crawl.js';
import type { CountingRequest, StoredCounts } from '../core/results.js';
import { countPage, countSitePage } from '../text/count-page.js';
import { toStoredCounts } from '../text/stored-counts.js';
import { warmUpCounting } from './warm-up.js';

/**
 * A page sent to a counting thread, what to count of it, whether to keep its counted text, and the
 * port on which the thread says it has started on it; `siteUrl` (where a page of a site crawl was
 * fetched from) asks for its links too.
 */
export type CountingTask = PageBody & { request: CountingRequest; keepCountedText: boolean; started: MessagePort; siteUrl?: string };

export type CountedPage = StoredCounts & { site?: SiteFindings };

// Piscina loads this module when the thread starts and gives it pages only once that is done.
warmUpCounting();

/** The task a counting thread runs (counting-pool.ts). The body arrives as a plain Uint8Array copy. */
export default function countPageInThread({ started, request, keepCountedText, siteUrl, ...page }: Omit<CountingTask, 'bytes'> & { bytes: Uint8Array }): CountedPage {
  // counting-pool.ts starts the page's deadline on this message.
  started.postMessage(null);
  started.close();
  const bytes = Buffer.from(page.bytes.buffer, page.bytes.byteOffset, page.bytes.byteLength);
  if (siteUrl === undefined) {
    const { counts, ...choices } = countPage({ ...page, bytes }, request);
    return movingText(toStoredCounts(counts, choices, keepCountedText));
  }
  const { counts, site, ...choices } = countSitePage({ ...page, bytes }, request, siteUrl);
  return movingText({ ...toStoredCounts(counts, choices, keepCountedText), site });
}

/**
 * The counted text's buffer is moved to the main thread, not copied: piscina transfers what a
 * result lists under its transferable symbol and hands over the value under its value symbol.
 */
function movingText(counted: CountedPage): CountedPage {
  if (counted.countedText === null) return counted;
  const movable = { [Piscina.transferableSymbol]: [counted.countedText.buffer], [Piscina.valueSymbol]: counted };
  return Piscina.move(movable as never) as unknown as CountedPage;
}

/** Answers once the thread has loaded and warmed up: counting-pool.ts's ready(). */
export function ready(): true {
  return true;
}
