/**
 * The names of a site crawl, shared by the web (which validates and shows them), the jobs (which
 * follow them) and the database (which stores them).
 */

/** Which discovered links belong to the crawl: the start URL's host, its registrable domain, or its directory. */
export const CRAWL_SCOPES = ['host', 'domain', 'path'] as const;
export type CrawlScope = (typeof CRAWL_SCOPES)[number];

/** A crawl's options as applied (the API's snake_case names, camel-cased). */
export interface CrawlOptions {
  /** Pages counted, never more. */
  maxPages: number;
  /** Link hops from the start page; 0 is the start page alone. Sitemap pages are depth 1. */
  maxDepth: number;
  scope: CrawlScope;
  /** Globs over a link's path and query; when any are given a link must match one. */
  include: string[];
  /** Globs over a link's path and query; a link matching one is not followed. */
  exclude: string[];
  /** Also seed from the site's sitemaps. */
  sitemap: boolean;
}

export const DEFAULT_MAX_PAGES = 50;
export const DEFAULT_MAX_DEPTH = 3;
export const MAX_CRAWL_DEPTH = 20;

/** Where one page of a crawl stands. */
export const CRAWL_PAGE_STATUSES = ['queued', 'active', 'completed', 'failed', 'skipped'] as const;
export type CrawlPageStatus = (typeof CRAWL_PAGE_STATUSES)[number];

/** Why a page of a crawl was not counted although it was found. */
export const SKIP_CODES = ['robots', 'duplicate', 'not_html', 'blocked_address', 'out_of_scope', 'max_pages', 'cancelled', 'deadline'] as const;
export type SkipCode = (typeof SKIP_CODES)[number];

/** Why a crawl ended: it ran out of links, reached its page limit, was cancelled, or ran out of time. */
export const CRAWL_STOPS = ['done', 'max_pages', 'cancelled', 'deadline'] as const;
export type CrawlStop = (typeof CRAWL_STOPS)[number];

/** The links a page offers a crawl, found while it is counted (src/text/extract-links.ts). */
export interface PageLinks {
  /** Absolute http(s) URLs without fragments, in document order, each once; rel="nofollow" links left out. */
  links: string[];
  /** The page asked robots not to follow its links (`<meta name="robots" content="nofollow">`). */
  nofollow: boolean;
  /** Its `<link rel="canonical">`, absolute, when it names one. */
  canonical?: string;
}

/** What counting a page of a crawl finds besides its words. */
export interface SiteFindings {
  links: PageLinks;
  /** A digest of the text counted. */
  textHash: string;
}
