import robotsParserModule from 'robots-parser';

// Its index.d.ts declares an ES default export, but the package is CommonJS: Node's default import
// is module.exports, the function itself, which TypeScript (NodeNext) types as the module object.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** The name robots.txt groups address us by (RFC 9309's product token), without a version. */
export const PRODUCT_TOKEN = 'wordcrawler';

/** Longer Crawl-delays are read as this: a site asking for minutes between pages gets a slow crawl, not a stalled one. */
export const MAX_CRAWL_DELAY_MS = 30_000;

/** What a site's robots.txt lets this crawler do. */
export interface RobotsRules {
  isAllowed(url: string): boolean;
  /** The delay the site asks for between two requests, when it names a valid one. */
  crawlDelayMs?: number;
  /** Absolute http(s) URLs of its sitemaps, each once. */
  sitemaps: string[];
}

/** For a robots.txt that does not exist (any 4xx): everything is allowed (RFC 9309 section 2.3.1.3). */
export const ALLOW_ALL: RobotsRules = Object.freeze({ isAllowed: () => true, sitemaps: [] });

/** For a robots.txt that could not be read (5xx, network error): nothing is (RFC 9309 section 2.3.1.4). */
export const DISALLOW_ALL: RobotsRules = Object.freeze({ isAllowed: () => false, sitemaps: [] });

/**
 * The rules of the group for PRODUCT_TOKEN, else of the `*` group, in the robots.txt at robotsUrl.
 * robots-parser selects the group (case-insensitively, merging groups of one name), and finds the
 * longest match, Allow winning a tie, with `*` and `$`. isAllowed throws for a URL of another
 * origin: its robots.txt is another file.
 */
export function parseRobots(robotsUrl: string, text: string): RobotsRules {
  const origin = new URL(robotsUrl).origin;
  const robots = robotsParser(robotsUrl, canonicalizeRulePaths(text));
  const delaySeconds = robots.getCrawlDelay(PRODUCT_TOKEN);
  const crawlDelayMs = delaySeconds !== undefined && Number.isFinite(delaySeconds) && delaySeconds > 0
    ? Math.min(Math.round(delaySeconds * 1000), MAX_CRAWL_DELAY_MS)
    : undefined;
  return {
    isAllowed(url) {
      const parsed = new URL(url);
      if (parsed.origin !== origin) throw new Error(`the robots.txt of ${origin} says nothing about ${parsed.origin}`);
      return robots.isAllowed(origin + canonicalizePath(parsed.pathname + parsed.search), PRODUCT_TOKEN) === true;
    },
    ...(crawlDelayMs !== undefined ? { crawlDelayMs } : {}),
    sitemaps: [...new Set(robots.getSitemaps().filter(isHttpUrl))],
  };
}

/** An Allow or Disallow line: its name, and its path up to a comment. */
const RULE_LINE = /^([ \t]*(?:allow|disallow)[ \t]*:)([^#\r\n]*)/gim;

/**
 * Deviation of robots-parser from RFC 9309 (section 2.2.2): it compares paths as written, except
 * that it runs a rule's path through encodeURI, which escapes other characters than the URL parser
 * does (`|`, `^`, `[`, `]` in a path; `'` in a query), and it does not decode percent-encoded
 * unreserved characters (`/%62%61%7A` is `/baz`). Both a rule's path and the URL's path and query
 * are brought to one form first, so that robots-parser compares like with like.
 */
function canonicalizeRulePaths(text: string): string {
  return text.replace(RULE_LINE, (_line, name: string, path: string) => `${name} ${canonicalizePath(path.trim())}`);
}

/** The characters either encoder escapes (all but `%`, `*` and `$`, which rules use) and the other may not. */
const ESCAPED = /[^\x21-\x7e]|["'<>\\^`{|}[\]]/gu;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

const UTF8 = new TextEncoder();

/** Percent-encodes ESCAPED as UTF-8, decodes unreserved characters, and upper-cases every escape. */
function canonicalizePath(path: string): string {
  return path
    .replace(ESCAPED, (character) => Array.from(UTF8.encode(character), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''))
    .replace(/%[0-9A-Fa-f]{2}/g, (escape) => {
      const character = String.fromCharCode(Number.parseInt(escape.slice(1), 16));
      return UNRESERVED.test(character) ? character : escape.toUpperCase();
    });
}

function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
