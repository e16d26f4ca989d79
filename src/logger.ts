import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** JSON lines in production; pino-pretty (a dev dependency) makes them readable with `| npx pino-pretty`. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, name: string): Logger {
  return pino({
    name,
    level: config.LOG_LEVEL,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'databaseUrl', 'redisUrl'], censor: '[redacted]' },
  });
}
