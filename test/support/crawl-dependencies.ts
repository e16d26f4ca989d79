import { memoryHostGate } from '../../src/queue/host-gate.js';

/** What a single-page job test passes for the site-crawl part of the job dependencies, which it never uses. */
export function unusedSiteCrawlParts() {
  return {
    gate: memoryHostGate(),
    enqueuePages: async () => {},
    settings: { maxSeconds: 1_800, hostConcurrency: 2, hostDelayMs: 0 },
  };
}
