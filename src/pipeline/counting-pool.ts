import { Piscina } from 'piscina';
import { AppError } from '../errors.js';
import type { PageBody } from './extract-text.js';
import type { StoredCounts } from './stored-counts.js';

export interface CountingPoolOptions {
  threads: number;
  /** The old-generation heap of each thread, in MB. */
  heapMb: number;
}

export interface CountingPool {
  /**
   * Extracts, tokenizes, counts and serialises a page in one of the pool's threads. A page whose
   * counting would outgrow the thread's heap fails with too_large; the pool replaces the thread.
   */
  countPage(page: PageBody): Promise<StoredCounts>;
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
export function createCountingPool({ threads, heapMb }: CountingPoolOptions): CountingPool {
  // From source (tests, `npm start`) the thread loads TypeScript, which needs tsx as the main thread does.
  const fromSource = import.meta.url.endsWith('.ts');
  const pool = new Piscina<PageBody, StoredCounts>({
    filename: new URL(`./counting-thread.${fromSource ? 'ts' : 'js'}`, import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
    // Otherwise the threads inherit the process's flags: passing them again would fail on V8 flags such as heap sizes.
    ...(fromSource && !process.execArgv.some((arg) => arg.includes('tsx')) ? { execArgv: [...process.execArgv, '--import', 'tsx'] } : {}),
  });
  return {
    countPage: (page) => pool.run(page).catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw error;
      throw new AppError('too_large', `the page has too many words to count within ${heapMb} MB (COUNTING_HEAP_MB)`, false, { cause: error });
    }),
    close: () => pool.close(),
  };
}
