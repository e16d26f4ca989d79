import { Router } from 'express';
import { pingDatabase, type Database } from '../../db/database.js';
import { withDeadline } from '../../core/deadline.js';
import type { QueueStore } from '../../queue/queue-store.js';

const CHECK_DEADLINE_MS = 1_500;

type State = 'ok' | 'unreachable';

async function check(probe: () => Promise<unknown>): Promise<State> {
  // Any failure means the same to a load balancer: not ready; the outage itself is logged where it happens.
  return withDeadline(probe(), CHECK_DEADLINE_MS, 'readiness check').then(() => 'ok' as const, () => 'unreachable' as const);
}

/**
 * `/healthz`: the process is alive. `/readyz`: it can serve, i.e. Postgres answers, and Redis when
 * the jobs live there (with the embedded queue they live in the database).
 */
export function createHealthRoutes(db: Database, store: QueueStore): Router {
  const router = Router();
  const pingRedis = store.ping;
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [redis, postgres] = await Promise.all([pingRedis ? check(pingRedis) : undefined, check(() => pingDatabase(db))]);
    const body = { ...(redis ? { redis } : { queue: 'database' }), postgres };
    const down = [redis === 'unreachable' && 'Redis', postgres === 'unreachable' && 'Postgres'].filter(Boolean);
    if (down.length === 0) return res.json({ status: 'ready', ...body });
    res.status(503).json({ status: 'unavailable', error: `${down.join(' and ')} not reachable`, code: 'not_ready', ...body });
  });
  return router;
}
