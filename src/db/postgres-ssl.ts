export type DatabaseSslSetting = 'auto' | 'off' | 'no-verify' | 'verify';

export interface PostgresConnection {
  /** DATABASE_URL without `sslmode`: pg would let that parameter override the `ssl` option. */
  connectionString: string;
  ssl: false | { rejectUnauthorized: boolean };
}

// libpq's modes, as pg should read them: pg itself treats require as verify-full (node-postgres#3473).
const BY_SSLMODE: Record<string, Exclude<DatabaseSslSetting, 'auto'>> = {
  disable: 'off',
  allow: 'off',
  prefer: 'off',
  require: 'no-verify',
  'no-verify': 'no-verify',
  'verify-ca': 'verify',
  'verify-full': 'verify',
};

/**
 * How to reach Postgres over TLS. An explicit DATABASE_SSL wins; `auto` follows `sslmode` in the URL,
 * then PGSSLMODE, then no TLS (a local server).
 */
export function resolvePostgresConnection(url: string, setting: DatabaseSslSetting, pgSslMode?: string): PostgresConnection {
  const parsed = new URL(url);
  const urlMode = parsed.searchParams.get('sslmode') ?? undefined;
  parsed.searchParams.delete('sslmode');
  const mode = setting !== 'auto' ? setting : BY_SSLMODE[(urlMode ?? pgSslMode ?? 'disable').toLowerCase()] ?? 'verify';
  return {
    connectionString: parsed.href,
    ssl: mode === 'off' ? false : { rejectUnauthorized: mode === 'verify' },
  };
}
