import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/**
 * JSON lines, one event each. In a terminal during development they go through pino-pretty (a dev
 * dependency) instead; platforms collect stdout, which is not a terminal, so they get JSON.
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'NODE_ENV'>, name: string): Logger {
  const pretty = process.stdout.isTTY && config.NODE_ENV !== 'production';
  const options = {
    name,
    level: config.LOG_LEVEL,
    // Credentials can arrive in headers; URLs of Postgres and Redis are never logged at all.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'], censor: '[redacted]' },
  };
  if (pretty) return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
  // Buffered writes: a line per request written synchronously cost the read path about a third of its
  // throughput. pino flushes what is pending when the process exits.
  return pino(options, pino.destination({ sync: false }));
}
