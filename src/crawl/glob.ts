import picomatch from 'picomatch';

// Apart from link-scope.ts so that validating a crawl's options (the web process) does not load
// tldts's public-suffix list, 12 MB of the web's memory for a check that never needs it.

/**
 * How many wildcards a glob may have. picomatch compiles globs to backtracking regexes, and wildcards
 * that can each take many lengths multiply the time to match a link that fails: on a 2,048-character
 * path, three `**` segments with a literal segment between each took 6 s, four `*` in one segment far
 * more, while globs within these limits take a few milliseconds. A segment that is just `*` matches
 * one whole segment, so it does not count.
 */
const GLOB_WILDCARD_LIMITS = { all: 4, globstars: 2, inOneSegment: 2 } as const;

/** Links are URLs, not files: a dot segment is no hidden file, and extglobs only add regex backtracking. */
const GLOB_OPTIONS: picomatch.PicomatchOptions = { dot: true, noextglob: true, strictBrackets: true };

/**
 * A glob of include or exclude, matched against a link's path and query (`/blog/post?id=3`), as the
 * URL parser encodes them. Throws an Error saying what is wrong with the glob.
 */
export function compileGlob(glob: string): (pathAndQuery: string) => boolean {
  const segments = glob.split('/').filter((segment) => segment !== '*');
  const inSegments = segments.map((segment) => segment.match(/\*+/g)?.length ?? 0);
  const all = inSegments.reduce((sum, count) => sum + count, 0);
  const globstars = segments.filter((segment) => segment === '**').length;
  const limits = GLOB_WILDCARD_LIMITS;
  if (all > limits.all || globstars > limits.globstars || Math.max(0, ...inSegments) > limits.inOneSegment) {
    throw new Error(
      `it has too many wildcards to match quickly: at most ${limits.all} in all, ${limits.globstars} of them **, `
        + `and ${limits.inOneSegment} between two slashes (a segment that is just * does not count)`,
    );
  }
  // `debug` makes picomatch throw on a glob whose regex is invalid (`[z-a]`) instead of matching nothing.
  return picomatch(glob, { ...GLOB_OPTIONS, debug: true });
}
