import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { RequestHandler } from 'express';

/** bull-board's UI for the crawl queue: counts by state, job details, and (if allowed) retry and remove. */
export function createQueueDashboard(queue: Queue, basePath: string, readOnly: boolean): RequestHandler {
  const serverAdapter = new ExpressAdapter().setBasePath(basePath);
  createBullBoard({
    queues: [new BullMQAdapter(queue, { readOnlyMode: readOnly, allowRetries: !readOnly })],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'wordcrawler' } },
  });
  return serverAdapter.getRouter() as RequestHandler;
}
