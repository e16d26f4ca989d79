import type { MessagePort } from 'node:worker_threads';
import type { PageBody } from '../core/page-body.js';
import type { StoredCounts } from '../core/results.js';
import { countPage } from '../text/count-page.js';
import { toStoredCounts } from '../text/stored-counts.js';

/** A page sent to a counting thread, with the port on which the thread says it has started on it. */
export type CountingTask = PageBody & { started: MessagePort };

/** The task a counting thread runs (counting-pool.ts). The body arrives as a plain Uint8Array copy. */
export default function countPageInThread({ started, ...page }: Omit<CountingTask, 'bytes'> & { bytes: Uint8Array }): StoredCounts {
  // counting-pool.ts starts the page's deadline on this message.
  started.postMessage(null);
  started.close();
  const bytes = Buffer.from(page.bytes.buffer, page.bytes.byteOffset, page.bytes.byteLength);
  return toStoredCounts(countPage({ ...page, bytes }));
}
