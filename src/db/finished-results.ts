import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { PostgresConnection } from './postgres-ssl.js';

/** The channel migration 0006's trigger notifies, with the key, when a result commits completed or failed. */
export const RESULT_FINISHED_CHANNEL = 'wordcrawler_result_finished';

// A lost connection is tried again this often; in between nothing is heard, and listeners know it.
const RECONNECT_MS = 1_000;

export interface FinishedResultsListener {
  /** A result finished (its row is readable as completed or failed). */
  finished(key: string): void;
  /** Notices may have been missed (the connection dropped or came back): forget what they would have changed. */
  gap(): void;
}

/** Who hears that results finished, in every process that listens, from Postgres's own notices. */
export interface FinishedResults {
  /** False while the listening connection is down: a finish may then happen unheard. */
  isListening(): boolean;
  subscribe(listener: FinishedResultsListener): void;
  close(): Promise<void>;
}

function listeners() {
  const subscribed: FinishedResultsListener[] = [];
  return {
    subscribe: (listener: FinishedResultsListener) => void subscribed.push(listener),
    finished: (key: string) => subscribed.forEach((listener) => listener.finished(key)),
    gap: () => subscribed.forEach((listener) => listener.gap()),
  };
}

/** Ends a client for good: what it still emits must neither reach us nor go unhandled. */
async function retire(client: pg.Client | undefined): Promise<void> {
  if (!client) return;
  client.removeAllListeners();
  client.on('error', () => {});
  await client.end().catch(() => {});
}

/**
 * A connection of its own that only LISTENs (a pooled one would lose the subscription when returned).
 * It reconnects for as long as the process lives; every drop and every reconnect is a gap.
 */
export function listenOnPostgres(connection: PostgresConnection): FinishedResults {
  const heard = listeners();
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const lost = () => {
    if (closed || retry) return;
    listening = false;
    heard.gap();
    void retire(client);
    client = undefined;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, RECONNECT_MS);
    retry.unref();
  };
  const connect = async () => {
    if (closed) return;
    const next = new pg.Client({ ...connection, connectionTimeoutMillis: 2_000 });
    client = next;
    next.on('error', lost);
    next.on('end', lost);
    next.on('notification', ({ channel, payload }) => {
      if (channel === RESULT_FINISHED_CHANNEL && payload) heard.finished(payload);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${RESULT_FINISHED_CHANNEL}`);
      if (closed) return void (await next.end());
      listening = true;
      heard.gap();
    } catch {
      lost();
    }
  };
  void connect();
  return {
    isListening: () => listening,
    subscribe: heard.subscribe,
    async close() {
      closed = true;
      listening = false;
      clearTimeout(retry);
      await retire(client);
    },
  };
}

/** The embedded database delivers its notices in process; it never drops them. */
export async function listenOnPglite(pglite: PGlite): Promise<FinishedResults> {
  const heard = listeners();
  const stop = await pglite.listen(RESULT_FINISHED_CHANNEL, (payload) => {
    if (payload) heard.finished(payload);
  });
  return {
    isListening: () => true,
    subscribe: heard.subscribe,
    close: () => stop(),
  };
}
