import { Router } from 'express';
import type { Redis } from 'ioredis';
import { pingDatabase, type Database } from '../db/database.js';

const CHECK_DEADLINE_MS = 1_500;

async function check(probe: () => Promise<unknown>): Promise<'ok' | 'unreachable'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer')), CHECK_DEADLINE_MS);
  });
  try {
    await Promise.race([probe(), deadline]);
    return 'ok';
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}

/** `/healthz`: the process is alive. `/readyz`: it can serve, i.e. Redis and Postgres answer. */
export function createHealthRoutes(db: Database, redis: Redis): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [redisState, postgresState] = await Promise.all([check(() => redis.ping()), check(() => pingDatabase(db))]);
    const down = [redisState === 'unreachable' && 'Redis', postgresState === 'unreachable' && 'Postgres'].filter(Boolean);
    const body = { redis: redisState, postgres: postgresState };
    if (down.length === 0) return res.json({ status: 'ready', ...body });
    res.status(503).json({ status: 'unavailable', error: `${down.join(' and ')} not reachable`, ...body });
  });
  return router;
}
