import type { Config } from '../core/config.js';

/** The part of the configuration the web application reads. */
export type WebSettings = Pick<
  Config,
  'QUEUE_PREFIX' | 'RATE_LIMIT_PER_MINUTE' | 'DOWNLOADS_PER_MINUTE' | 'CLIENT_MAX_IN_FLIGHT' | 'REUSE_WINDOW_SECONDS' | 'TRUST_PROXY_HOPS' | 'ADMIN_USER' | 'ADMIN_PASSWORD' | 'ADMIN_READ_WRITE'
  | 'CRAWL_MAX_PAGES' | 'CRAWL_MAX_SECONDS' | 'CRAWL_CLIENT_MAX_IN_FLIGHT' | 'COUNTED_TEXT_RETENTION_DAYS' | 'WEBHOOK_SECRET'
>;
