import { Redis, type RedisOptions } from 'ioredis';
import { createRequire } from 'node:module';
import type StandaloneConnectorType from 'ioredis/built/connectors/StandaloneConnector.js';
import type { Logger } from '../core/logger.js';

/**
 * `queue` connections (adding jobs, reading them, counters) fail fast while Redis is down, so the
 * API can answer 503 at once; a `consumer` connection (a BullMQ Worker's, taking jobs) waits out the
 * outage (BullMQ requires maxRetriesPerRequest null). For a rediss:// URL with `tlsVerify` false the
 * certificate check is skipped on this connection only.
 */
export type RedisRole = 'queue' | 'consumer';

export function redisOptions(url: string, role: RedisRole, tlsVerify: boolean): RedisOptions {
  const options: RedisOptions = role === 'queue' ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 } : { maxRetriesPerRequest: null };
  if (url.startsWith('rediss:') && !tlsVerify) options.tls = { rejectUnauthorized: false };
  if (url.startsWith('rediss:')) options.Connector = EverySocketErrorHeard as unknown as RedisOptions['Connector'];
  return options;
}

/**
 * ioredis listens for one error on a new socket (`once`), but a TLS handshake can fail twice: our
 * certificate check, then the server's alert. The second error, with no listener, ended the process
 * (seen once in the suite: "tlsv1 alert decode error"). ioredis has the first and reconnects, so the
 * later ones need nothing more than to be heard.
 */
// ioredis exports no StandaloneConnector; required, since ESM and the test runner disagree on a CommonJS default.
const { default: StandaloneConnector } = createRequire(import.meta.url)('ioredis/built/connectors/StandaloneConnector.js') as {
  default: typeof StandaloneConnectorType.default;
};

class EverySocketErrorHeard extends StandaloneConnector {
  override async connect(...args: Parameters<InstanceType<typeof StandaloneConnector>['connect']>) {
    const stream = await super.connect(...args);
    stream.on('error', () => {});
    return stream;
  }
}

/** Where Redis is, for a log line: scheme, host and port, never the password. */
export function redisAddress(url: string): string {
  const { protocol, hostname, port } = new URL(url);
  return `${protocol}//${hostname}:${port || '6379'}`;
}

/**
 * Tells the operator once, in one line, that Redis is not answering, and once that it is back,
 * however many connections a process holds and however often they retry (ioredis retries forever).
 */
export class RedisOutageReport {
  private down = false;

  constructor(private readonly url: string, private readonly logger: Logger) {}

  watch(redis: Redis): Redis {
    redis.on('error', (error: Error) => this.failed(error));
    redis.on('ready', () => this.restored());
    return redis;
  }

  private failed(error: Error): void {
    if (this.down) return;
    this.down = true;
    const reason = (error as { code?: string }).code ?? error.message;
    this.logger.error(
      { redis: redisAddress(this.url), error: reason },
      `Redis at ${redisAddress(this.url)} is not answering (${reason}); retrying quietly until it does: start Redis there or set REDIS_URL`,
    );
  }

  private restored(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info({ redis: redisAddress(this.url) }, 'redis connection restored');
  }
}

export function connectRedis(url: string, role: RedisRole, report: RedisOutageReport, tlsVerify = true): Redis {
  return report.watch(new Redis(url, redisOptions(url, role, tlsVerify)));
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
