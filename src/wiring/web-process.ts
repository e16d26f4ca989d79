import type { Server } from 'node:http';
import type { Config } from '../core/config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Logger } from '../core/logger.js';
import { createCallbackAddressCheck } from '../fetch/callback-address.js';
import { createCrawlQueue } from '../queue/crawl-queue.js';
import type { QueueStore } from '../queue/queue-store.js';
import type { Stop } from '../core/lifecycle.js';
import { createApp } from '../web/app.js';

// Long enough for a healthy Redis to answer, short enough for the platform's boot timeout.
const STORE_START_WAIT_MS = 5_000;

export async function startWebProcess(config: Config, database: DatabaseHandle, store: QueueStore, logger: Logger): Promise<Stop> {
  const queue = createCrawlQueue(store, logger);
  const finished = await database.listenForFinished();
  const checkCallbackAddress = createCallbackAddressCheck({
    allowPrivate: config.FETCH_ALLOW_PRIVATE, allowNetworks: config.FETCH_ALLOW_NETWORKS, allowedPorts: config.FETCH_ALLOWED_PORTS,
  });
  const app = createApp({ db: database.db, finished, queue, store, logger, settings: config, checkCallbackAddress });
  if (!(await store.waitUntilReady(STORE_START_WAIT_MS))) logger.warn('starting without Redis; submissions answer 503 until it is back');
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(config.PORT, '0.0.0.0', () => {
      logger.info({ port: config.PORT }, 'web listening');
      resolve(async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        });
        await queue.close();
        await finished.close();
      });
    });
    server.once('error', reject);
  });
}
