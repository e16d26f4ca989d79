import { Router } from 'express';
import * as z from 'zod';
import { pingDatabase, type Database } from '../../db/database.js';
import { withDeadline } from '../../core/deadline.js';
import type { QueueStore } from '../../queue/queue-store.js';
import { errorBody, errorResponses } from '../openapi/error-responses.js';
import type { Operation, ServedOperations } from '../openapi/operation.js';

const CHECK_DEADLINE_MS = 1_500;

type State = 'ok' | 'unreachable';

async function check(probe: () => Promise<unknown>): Promise<State> {
  // Any failure means the same to a load balancer: not ready; the outage itself is logged where it happens.
  return withDeadline(probe(), CHECK_DEADLINE_MS, 'readiness check').then(() => 'ok' as const, () => 'unreachable' as const);
}

const STATE = z.enum(['ok', 'unreachable']);
const CHECKS = {
  redis: STATE.optional().meta({ description: 'When the jobs live in Redis.' }),
  queue: z.literal('database').optional().meta({ description: 'When the jobs live in the database (the embedded queue).' }),
  postgres: STATE,
};

const HEALTH: Operation = {
  method: 'get',
  path: '/healthz',
  operationId: 'health',
  summary: 'The process is alive',
  tags: ['Operations'],
  responses: { 200: { description: 'Alive.', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } }, ...errorResponses([]) },
};

const READINESS: Operation = {
  method: 'get',
  path: '/readyz',
  operationId: 'readiness',
  summary: 'The process can serve: Postgres answers, and Redis when the jobs live there',
  tags: ['Operations'],
  responses: {
    200: { description: 'Ready.', content: { 'application/json': { schema: z.object({ status: z.literal('ready'), ...CHECKS }) } } },
    ...errorResponses([]),
    503: {
      description: 'Not ready: `not_ready`, naming what is unreachable.',
      content: { 'application/json': { schema: errorBody(['not_ready']).extend({ status: z.literal('unavailable'), ...CHECKS }) } },
    },
  },
};

/**
 * `/healthz`: the process is alive. `/readyz`: it can serve, i.e. Postgres answers, and Redis when
 * the jobs live there (with the embedded queue they live in the database).
 */
export function createHealthRoutes(served: ServedOperations, db: Database, store: QueueStore): Router {
  const router = Router();
  const pingRedis = store.ping;
  served.serve(router, HEALTH, (_req, res) => {
    res.json({ status: 'ok' });
  });
  served.serve(router, READINESS, async (_req, res) => {
    const [redis, postgres] = await Promise.all([pingRedis ? check(pingRedis) : undefined, check(() => pingDatabase(db))]);
    const body = { ...(redis ? { redis } : { queue: 'database' }), postgres };
    const down = [redis === 'unreachable' && 'Redis', postgres === 'unreachable' && 'Postgres'].filter(Boolean);
    if (down.length === 0) return res.json({ status: 'ready', ...body });
    res.status(503).json({ status: 'unavailable', error: `${down.join(' and ')} not reachable`, code: 'not_ready', ...body });
  });
  return router;
}
