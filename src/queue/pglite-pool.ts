import type { PGlite, Results } from '@electric-sql/pglite';
import type { PgNotification, PgPool, PgPoolClient, PgQueryResult } from 'bullmq';
import { EventEmitter } from 'node:events';

// pg hands int8 and numeric to JavaScript as strings, and BullMQ's Postgres backend expects that.
const PG_PARSERS = { 20: (value: string) => value, 1700: (value: string) => value };

/** `LISTEN name` / `UNLISTEN name`, once the SQL comments BullMQ puts above it are stripped. */
const SUBSCRIPTION = /^(UN)?LISTEN\s+"?(\w+)"?\s*;?$/i;

function toPgResult(result: Results): PgQueryResult {
  return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
}

function subscription(text: string): { listen: boolean; channel: string } | undefined {
  const statement = text.replace(/--[^\n]*/g, '').trim();
  const match = SUBSCRIPTION.exec(statement);
  return match ? { listen: match[1] === undefined, channel: match[2]! } : undefined;
}

/**
 * A checked-out "connection". PGlite has only one session and queues every query on it, so all
 * clients share it; what a client owns is its LISTEN subscriptions, delivered as pg delivers them.
 */
class PgliteClient extends EventEmitter implements PgPoolClient {
  private readonly subscriptions = new Map<string, () => Promise<void>>();

  constructor(private readonly pglite: PGlite) {
    super();
  }

  async query<R>(text: string, params?: readonly unknown[]): Promise<PgQueryResult<R>> {
    const wanted = subscription(text);
    if (wanted) {
      await (wanted.listen ? this.listen(wanted.channel) : this.unlisten(wanted.channel));
      return { rows: [], rowCount: 0 };
    }
    // As in pg, a query without parameters goes by the simple protocol, which takes several statements (migrations).
    if (!params || params.length === 0) {
      const results = await this.pglite.exec(text, { parsers: PG_PARSERS });
      return toPgResult(results.at(-1) ?? { rows: [], fields: [] }) as PgQueryResult<R>;
    }
    return toPgResult(await this.pglite.query(text, [...params], { parsers: PG_PARSERS })) as PgQueryResult<R>;
  }

  release(): void {
    for (const channel of [...this.subscriptions.keys()]) void this.unlisten(channel);
  }

  private async listen(channel: string): Promise<void> {
    if (this.subscriptions.has(channel)) return;
    const stop = await this.pglite.listen(channel, (payload) => {
      const notification: PgNotification = { channel, payload };
      this.emit('notification', notification);
    });
    this.subscriptions.set(channel, stop);
  }

  private async unlisten(channel: string): Promise<void> {
    const stop = this.subscriptions.get(channel);
    this.subscriptions.delete(channel);
    await stop?.();
  }
}

/**
 * A `pg.Pool`-shaped view of the app's PGlite instance, so BullMQ's Postgres backend keeps its jobs
 * in the embedded database (`npm start` without Redis). pglite-socket was tried and is not usable:
 * its multiplexer misroutes LISTEN/NOTIFY and mixes up concurrent queries. Ending the pool leaves
 * the database open: it belongs to the database handle.
 */
export async function openPglitePool(pglite: PGlite): Promise<PgPool> {
  // BullMQ names its tables unqualified and expects the pool's search_path to reach its schema; the
  // app's tables stay first (public), so its migrations and queries are unchanged.
  await pglite.exec('SET search_path TO public, bullmq');
  const events = new EventEmitter();
  const pool = {
    query: <R>(text: string, params?: readonly unknown[]) => new PgliteClient(pglite).query<R>(text, params),
    connect: async () => new PgliteClient(pglite),
    end: async () => {},
    on(event: string, listener: (...args: unknown[]) => void) {
      events.on(event, listener);
      return pool;
    },
    removeAllListeners(event?: string) {
      events.removeAllListeners(event);
      return pool;
    },
  };
  return pool as PgPool;
}
