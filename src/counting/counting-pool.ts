import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { AppError } from '../core/errors.js';
import type { PageBody } from '../core/page-body.js';
import type { CountingRequest, StoredCounts } from '../core/results.js';
import type { CountedPage, CountingTask } from './counting-thread.js';

export interface CountingPoolOptions {
  threads: number;
  /** The old-generation heap of each thread, in MB. */
  heapMb: number;
  /** How long a thread may spend on one page before it is stopped and the page fails with too_complex. */
  timeoutMs: number;
  /** Whether results keep their counted text (COUNTED_TEXT_RETENTION_DAYS > 0); without it the threads do not compress it. Default true. */
  keepCountedText?: boolean;
}

export interface CountingPool {
  /**
   * Extracts, tokenizes, counts and serialises a page in one of the pool's threads. A page whose
   * counting would outgrow the thread's heap fails with too_large, one that takes longer than
   * timeoutMs with too_complex, one that throws with internal; none of them is retried, since the same
   * page fails the same way next time. The pool replaces a thread it stops. When signal aborts (the
   * worker wants the job back) the thread is stopped too, and the abort error is thrown as it is.
   */
  countPage(page: PageBody, request: CountingRequest, signal?: AbortSignal): Promise<StoredCounts>;
  /** The same for a page of a site crawl fetched from `siteUrl`, with the links it offers and a digest of its text. */
  countSitePage(page: PageBody, request: CountingRequest, siteUrl: string, signal?: AbortSignal): Promise<Required<CountedPage>>;
  /** Resolves once every thread has started and counted its warm-up pages (warm-up.ts). */
  ready(): Promise<void>;
  /** Lets running tasks finish, then stops the threads. */
  close(): Promise<void>;
}

/**
 * Counting is the CPU-bound part of a crawl (about two thirds of a worker's CPU; README, Performance).
 * On the main thread it caps a worker process at one core and stalls the event loop, and with it
 * the fetches, lock renewals and database writes of every other job, for as long as a page takes.
 * In threads it runs beside them. The threads start with the pool and live as long as it does.
 * Their heap is capped: a page of a million distinct words needs half a gigabyte to count, and
 * that must end one job, not the whole worker.
 */
export function createCountingPool({ threads, heapMb, timeoutMs, keepCountedText = true }: CountingPoolOptions): CountingPool {
  // From source (tests, `npm start`) the thread loads TypeScript, which needs tsx as the main thread does.
  const fromSource = import.meta.url.endsWith('.ts');
  const pool = new Piscina<CountingTask, CountedPage>({
    filename: new URL(`./counting-thread.${fromSource ? 'ts' : 'js'}`, import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
    // Otherwise the threads inherit the process's flags: passing them again would fail on V8 flags such as heap sizes.
    ...(fromSource && !process.execArgv.some((arg) => arg.includes('tsx')) ? { execArgv: [...process.execArgv, '--import', 'tsx'] } : {}),
  });
  const count = async (page: PageBody, request: CountingRequest, siteUrl: string | undefined, signal?: AbortSignal): Promise<CountedPage> => {
    const deadline = new AbortController();
    // The deadline runs from when a thread takes the page (it says so on this port), not while the
    // page waits for a thread behind others: a slow page must not use up the next one's time.
    const { port1: startedAt, port2: started } = new MessageChannel();
    let timer: NodeJS.Timeout | undefined;
    startedAt.once('message', () => {
      timer = setTimeout(() => deadline.abort(), timeoutMs);
    });
    try {
      const stop = signal === undefined ? deadline.signal : AbortSignal.any([deadline.signal, signal]);
      const task: CountingTask = { ...page, request, keepCountedText, started, ...(siteUrl === undefined ? {} : { siteUrl }) };
      return withBufferText(await pool.run(task, { signal: stop, transferList: [started] }));
    } catch (error) {
      // Shutting down: crawl-page.ts sees its signal aborted and hands the job back.
      if (signal?.aborted) throw error;
      throw countingFailure(error, deadline.signal.aborted, { heapMb, timeoutMs });
    } finally {
      clearTimeout(timer);
      startedAt.close();
    }
  };
  return {
    countPage: (page, request, signal) => count(page, request, undefined, signal),
    countSitePage: (page, request, siteUrl, signal) => count(page, request, siteUrl, signal) as Promise<Required<CountedPage>>,
    // Each thread takes one of these while the others are busy with theirs, so all of them answer.
    ready: async () => {
      // The named export takes no task; piscina's types know only the default one's.
      await Promise.all(Array.from({ length: threads }, () => pool.run(null as unknown as CountingTask, { name: 'ready' })));
    },
    close: () => pool.close(),
  };
}

/** The counted text arrives as the Uint8Array the thread moved (counting-thread.ts); Postgres's driver writes a Buffer as bytea. */
function withBufferText(counted: CountedPage): CountedPage {
  const text = counted.countedText;
  if (text === null || Buffer.isBuffer(text)) return counted;
  return { ...counted, countedText: Buffer.from(text.buffer, text.byteOffset, text.byteLength) };
}

function countingFailure(error: unknown, timedOut: boolean, { heapMb, timeoutMs }: { heapMb: number; timeoutMs: number }): AppError {
  if (timedOut) {
    const reason = `the page is too complex to count within ${timeoutMs} ms (COUNT_TIMEOUT_MS)`;
    return new AppError('too_complex', reason, false, { cause: error });
  }
  if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new AppError('too_large', `the page has too many words to count within ${heapMb} MB (COUNTING_HEAP_MB)`, false, { cause: error });
  }
  // Piscina's own abort when the pool closes under a queued page: nothing wrong with the page.
  if ((error as { name?: unknown }).name === 'AbortError') {
    return new AppError('interrupted', 'counting stopped because the worker is shutting down', true, { cause: error });
  }
  // Counting is pure, so whatever it threw (a stack overflow, say) it will throw again for this page.
  const detail = error instanceof Error ? error.message : String(error);
  return new AppError('internal', `the page could not be counted (${detail})`, false, { cause: error });
}
