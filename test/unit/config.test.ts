import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireDatabaseUrl, requireRedisUrl } from '../../src/core/config.js';

/** Runs loadConfig expecting a ConfigError and returns its message. */
function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

describe('loadConfig: defaults', () => {
  it('fills in defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(5000);
    // No Redis unless one is named: `npm start` then keeps its jobs in its database.
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.JOB_LOCK_MS).toBe(8_000);
    expect(config.QUEUE_PREFIX).toBe('wordcrawler');
    expect(config.FETCH_MAX_BYTES).toBe(5 * 1024 * 1024);
    expect(config.FETCH_MAX_REDIRECTS).toBe(5);
    expect(config.FETCH_ALLOW_PRIVATE).toBe(false);
    expect(config.FETCH_ALLOW_NETWORKS).toEqual([]);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({ PORT: '', REDIS_URL: '', QUEUE_PREFIX: '', FETCH_ALLOW_PRIVATE: '', DATABASE_URL: '' });
    expect(config.PORT).toBe(5000);
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.QUEUE_PREFIX).toBe('wordcrawler');
    expect(config.FETCH_ALLOW_PRIVATE).toBe(false);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { PORT: number }).PORT = 1;
    }).toThrow(TypeError);
  });
});

describe('loadConfig: valid values', () => {
  it('parses numbers, URLs and flags', () => {
    const config = loadConfig({
      PORT: '8080',
      REDIS_URL: 'rediss://cache.example.com:6380',
      DATABASE_URL: 'postgresql://app@db.example.com/wordcrawler',
      QUEUE_PREFIX: 'wc_test-1.2',
      FETCH_MAX_REDIRECTS: '0',
      FETCH_ALLOW_PRIVATE: 'yes',
    });
    expect(config.PORT).toBe(8080);
    expect(config.REDIS_URL).toBe('rediss://cache.example.com:6380');
    expect(config.DATABASE_URL).toBe('postgresql://app@db.example.com/wordcrawler');
    expect(config.QUEUE_PREFIX).toBe('wc_test-1.2');
    expect(config.FETCH_MAX_REDIRECTS).toBe(0);
    expect(config.FETCH_ALLOW_PRIVATE).toBe(true);
  });

  it.each([['true', true], ['1', true], ['yes', true], ['false', false], ['0', false], ['no', false]])(
    'reads FETCH_ALLOW_PRIVATE=%s as %s',
    (value, expected) => {
      expect(loadConfig({ FETCH_ALLOW_PRIVATE: value }).FETCH_ALLOW_PRIVATE).toBe(expected);
    },
  );

  it('splits and trims FETCH_ALLOW_NETWORKS, ignoring empty items', () => {
    expect(loadConfig({ FETCH_ALLOW_NETWORKS: ' 10.0.0.0/8, ::1/128,,' }).FETCH_ALLOW_NETWORKS).toEqual(['10.0.0.0/8', '::1/128']);
  });
});

describe('loadConfig: invalid values', () => {
  it.each<[NodeJS.ProcessEnv, string]>([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ PORT: '80.5' }, 'PORT'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ DATABASE_URL: 'mysql://x/db' }, 'DATABASE_URL'],
    [{ FETCH_ALLOW_PRIVATE: 'maybe' }, 'FETCH_ALLOW_PRIVATE'],
    [{ QUEUE_PREFIX: 'word:crawler' }, 'QUEUE_PREFIX'],
    [{ FETCH_ALLOW_NETWORKS: 'notacidr' }, 'FETCH_ALLOW_NETWORKS'],
    [{ FETCH_ALLOW_NETWORKS: '10.0.0.0/8,10.0.0.1' }, 'FETCH_ALLOW_NETWORKS'],
    [{ FETCH_MAX_REDIRECTS: '21' }, 'FETCH_MAX_REDIRECTS'],
  ])('rejects %j with a message naming %s', (env, variable) => {
    const message = configError(env);
    expect(message.startsWith(`${variable}: `)).toBe(true);
    // The offending value is echoed back so the operator can see what was read.
    const value = Object.values(env)[0];
    if (variable.endsWith('_URL')) expect(message).not.toContain(String(value));
    else expect(message).toContain(JSON.stringify(value));
  });

  it.each(['8 0', '0x1F90', '1e3'])('rejects PORT=%j instead of reading it as a number', (value) => {
    expect(configError({ PORT: value })).toMatch(/^PORT: must be a whole number/);
  });

  it('treats a whitespace-only value as unset', () => {
    expect(loadConfig({ PORT: ' ', FETCH_MAX_REDIRECTS: '  ' })).toMatchObject({ PORT: 5000, FETCH_MAX_REDIRECTS: 5 });
  });

  it('never echoes a URL, which may hold a password', () => {
    expect(configError({ DATABASE_URL: 'mysql://user:s3cret@db/x' })).not.toContain('s3cret');
  });

  it('never echoes a secret: a too-short ADMIN_PASSWORD is named, its value is not', () => {
    const message = configError({ ADMIN_PASSWORD: 'hunter2-pw' });
    expect(message).toBe('ADMIN_PASSWORD: must be at least 12 characters');
    expect(message).not.toContain('hunter2');
  });

  it('says what is wrong', () => {
    expect(configError({ PORT: '70000' })).toContain('at most 65535');
    expect(configError({ FETCH_ALLOW_NETWORKS: 'notacidr' })).toContain('"notacidr" is not a CIDR');
  });

  it('keeps WORKER_SHUTDOWN_GRACE_MS short of the 25 s shutdown deadline', () => {
    expect(configError({ WORKER_SHUTDOWN_GRACE_MS: '25000' })).toContain('at most 20000');
    expect(loadConfig({ WORKER_SHUTDOWN_GRACE_MS: '20000' }).WORKER_SHUTDOWN_GRACE_MS).toBe(20_000);
  });
});

describe('requireDatabaseUrl', () => {
  it('throws a ConfigError naming DATABASE_URL when it is unset', () => {
    const config = loadConfig({});
    expect(() => requireDatabaseUrl(config)).toThrow(ConfigError);
    expect(() => requireDatabaseUrl(config)).toThrow(/^DATABASE_URL: /);
  });

  it('returns the URL when it is set', () => {
    const url = 'postgres://app:secret@127.0.0.1:5432/wordcrawler';
    expect(requireDatabaseUrl(loadConfig({ DATABASE_URL: url }))).toBe(url);
  });
});

describe('requireRedisUrl', () => {
  it('throws a ConfigError naming REDIS_URL when it is unset', () => {
    expect(() => requireRedisUrl(loadConfig({}))).toThrow(/^REDIS_URL: required for the separate web and worker processes/);
  });

  it('returns the URL when it is set', () => {
    expect(requireRedisUrl(loadConfig({ REDIS_URL: 'redis://cache:6379' }))).toBe('redis://cache:6379');
  });
});

describe('loadConfig: callbacks', () => {
  it('takes a secret of 16 characters or more, and never echoes a shorter one', () => {
    expect(loadConfig({ WEBHOOK_SECRET: 'x'.repeat(16) }).WEBHOOK_SECRET).toBe('x'.repeat(16));
    expect(configError({ WEBHOOK_SECRET: 'short-secret' })).toBe('WEBHOOK_SECRET: must be at least 16 characters');
  });

  it('bounds the attempts and the first retry delay', () => {
    expect(loadConfig({}).WEBHOOK_ATTEMPTS).toBe(8);
    expect(loadConfig({}).WEBHOOK_RETRY_DELAY_MS).toBe(10_000);
    expect(configError({ WEBHOOK_ATTEMPTS: '0' })).toMatch(/^WEBHOOK_ATTEMPTS: must be at least 1/);
    expect(configError({ WEBHOOK_ATTEMPTS: '21' })).toMatch(/^WEBHOOK_ATTEMPTS: must be at most 20/);
  });

  it('takes PUBLIC_URL as an http(s) URL without its trailing slash', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://words.example.com/' }).PUBLIC_URL).toBe('https://words.example.com');
    expect(loadConfig({}).PUBLIC_URL).toBeUndefined();
    expect(configError({ PUBLIC_URL: 'words.example.com' })).toMatch(/^PUBLIC_URL: must be an http:\/\/ or https:\/\/ URL/);
  });
});
