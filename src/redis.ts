import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * Options for one side of the queue. The web fails fast while Redis is down, so the API can answer
 * 503 at once; a worker waits out the outage (BullMQ requires maxRetriesPerRequest null). For a
 * rediss:// URL with `tlsVerify` false the certificate check is skipped on this connection only.
 */
export function redisOptions(url: string, role: 'web' | 'worker', tlsVerify: boolean): RedisOptions {
  const options: RedisOptions = role === 'web' ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 } : { maxRetriesPerRequest: null };
  if (url.startsWith('rediss:') && !tlsVerify) options.tls = { rejectUnauthorized: false };
  return options;
}

export function connectRedis(url: string, role: 'web' | 'worker', logger: Logger, tlsVerify = true): Redis {
  const redis = new Redis(url, redisOptions(url, role, tlsVerify));
  // While Redis is down every reconnect attempt fails the same way; log each distinct failure once.
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message !== lastError) logger.warn({ error: error.message, role }, 'redis connection error');
    lastError = error.message;
  });
  redis.on('ready', () => {
    if (lastError !== '') logger.info({ role }, 'redis connection restored');
    lastError = '';
  });
  return redis;
}

/**
 * Resolves once the connection is ready, or after `ms` if Redis is down: the web starts either way
 * (it answers 503 while Redis is away), but a normal start should not race its first requests.
 */
export function waitForRedis(redis: Redis, ms: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), ms);
    const onReady = () => done(true);
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    redis.once('ready', onReady);
  });
}
