import type { PageBody } from '../core/page-body.js';
import { withoutBlockBreaks } from './block-break.js';
import { CappedParser } from './capped-parser.js';
import { renderText } from './content-render.js';
import { type Attempt, linkDensity, measureNodes, scoreParagraphs } from './content-score.js';
import { chooseTop, gatherSiblings } from './content-select.js';
import { type ContentNode, ContentTreeHandler } from './content-tree.js';
import { decodePageHtml } from './decode-page.js';

/**
 * Attempts from most to least trusting of the page's markup, as Readability makes them: a page
 * whose article carries an "unlikely" name, or whose cleaning empties it, is tried again without.
 */
const ATTEMPTS: readonly Attempt[] = [
  { stripUnlikely: true, weighNames: true, cleanConditionally: true },
  { stripUnlikely: false, weighNames: true, cleanConditionally: true },
  { stripUnlikely: false, weighNames: false, cleanConditionally: true },
  { stripUnlikely: false, weighNames: false, cleanConditionally: false },
];
/** Characters an attempt must find to be believed; shorter results go to the next attempt. */
const ENOUGH_TEXT = 500;
const MAX_LINK_DENSITY = 0.5;

/** The main content's text, one line per block, or undefined when the page has no recognisable main content (the caller then falls back to the whole page). */
export function extractMainText(page: PageBody): string | undefined {
  const marked = extractMarkedMainText(page);
  return marked === undefined ? undefined : withoutBlockBreaks(marked, '\n');
}

/** The same with a BLOCK_BREAK between blocks instead of a line break. */
export function extractMarkedMainText(page: PageBody): string | undefined {
  if (page.mimeType === 'text/plain') return undefined;
  const nodes = parseContentTree(decodePageHtml(page));
  let best: string | undefined;
  for (const attempt of ATTEMPTS) {
    const text = extractWith(nodes, attempt);
    if (text !== undefined && text.length > (best?.length ?? 0)) best = text;
    if (best !== undefined && best.length >= ENOUGH_TEXT) break;
  }
  return best;
}

function parseContentTree(html: string): ContentNode[] {
  const handler = new ContentTreeHandler();
  new CappedParser(handler, html, { decodeEntities: true, lowerCaseAttributeNames: true }).end(html);
  return handler.nodes;
}

function extractWith(nodes: readonly ContentNode[], attempt: Attempt): string | undefined {
  measureNodes(nodes, attempt);
  const top = chooseTop(scoreParagraphs(nodes, attempt));
  // A block that is mostly links is a menu or a list of teasers, whatever its score: no article.
  if (top === undefined || linkDensity(top) > MAX_LINK_DENSITY) return undefined;
  const text = renderText(gatherSiblings(top), attempt);
  return text === '' ? undefined : text;
}
