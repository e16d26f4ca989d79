import { describe, expect, it } from 'vitest';
import { resolvePostgresConnection } from '../../src/db/postgres-ssl.js';
import { redisOptions } from '../../src/queue/redis.js';

describe('resolvePostgresConnection', () => {
  const url = 'postgresql://u:p@db.example:5432/app';

  it.each([
    ['no sslmode, nothing set', url, 'auto', undefined, false],
    ['sslmode=require (libpq: encrypt, no verification)', `${url}?sslmode=require`, 'auto', undefined, { rejectUnauthorized: false }],
    ['sslmode=verify-full', `${url}?sslmode=verify-full`, 'auto', undefined, { rejectUnauthorized: true }],
    ['sslmode=disable', `${url}?sslmode=disable`, 'auto', 'require', false],
    ['PGSSLMODE=require when the URL says nothing', url, 'auto', 'require', { rejectUnauthorized: false }],
    ['DATABASE_SSL=no-verify over sslmode=verify-full', `${url}?sslmode=verify-full`, 'no-verify', undefined, { rejectUnauthorized: false }],
    ['DATABASE_SSL=verify', url, 'verify', undefined, { rejectUnauthorized: true }],
    ['DATABASE_SSL=off over sslmode=require', `${url}?sslmode=require`, 'off', undefined, false],
    ['an unknown sslmode is read as the safest', `${url}?sslmode=bogus`, 'auto', undefined, { rejectUnauthorized: true }],
  ] as const)('%s', (_name, input, setting, pgSslMode, ssl) => {
    const connection = resolvePostgresConnection(input, setting, pgSslMode);
    expect(connection.ssl).toEqual(ssl);
    // pg would let sslmode in the string override the ssl option, so it never stays there.
    expect(connection.connectionString).not.toContain('sslmode');
    expect(connection.connectionString).toContain('db.example:5432/app');
  });

  it('keeps other query parameters', () => {
    expect(resolvePostgresConnection(`${url}?sslmode=require&application_name=wc`, 'auto').connectionString).toBe(`${url}?application_name=wc`);
  });
});

describe('redisOptions', () => {
  it('fails fast for queue commands and waits on the consumer side', () => {
    expect(redisOptions('redis://h:6379', 'queue', true)).toEqual({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    expect(redisOptions('redis://h:6379', 'consumer', true)).toEqual({ maxRetriesPerRequest: null });
  });

  it('skips certificate checks only for rediss:// with verification turned off', () => {
    expect(redisOptions('rediss://h:6380', 'queue', false).tls).toEqual({ rejectUnauthorized: false });
    expect(redisOptions('rediss://h:6380', 'queue', true).tls).toBeUndefined();
  });

  it('hears every error of a TLS socket, not only the first, and leaves plain connections as ioredis makes them', () => {
    expect(redisOptions('rediss://h:6380', 'queue', true).Connector).toBeDefined();
    expect(redisOptions('redis://h:6379', 'queue', true).Connector).toBeUndefined();
    expect(redisOptions('redis://h:6379', 'consumer', false).tls).toBeUndefined();
  });
});
