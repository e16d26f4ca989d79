/** Where a result is read: its JSON for scripts and the page's JavaScript. */
export function resultsUrl(key: string): string {
  return `/results/${key}`;
}

/** Where a person sees a result. */
export function resultPageUrl(key: string): string {
  return `/r/${key}`;
}
