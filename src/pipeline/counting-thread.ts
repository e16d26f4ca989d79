import { countPage } from './count-page.js';
import type { PageBody } from './extract-text.js';
import { toStoredCounts, type StoredCounts } from './stored-counts.js';

/** The task a counting thread runs (counting-pool.ts). The body arrives as a plain Uint8Array copy. */
export default function countPageInThread(page: Omit<PageBody, 'bytes'> & { bytes: Uint8Array }): StoredCounts {
  const bytes = Buffer.from(page.bytes.buffer, page.bytes.byteOffset, page.bytes.byteLength);
  return toStoredCounts(countPage({ ...page, bytes }));
}
