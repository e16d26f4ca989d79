import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { crawlHosts } from './schema.js';

export type RobotsVerdict = NonNullable<typeof crawlHosts.$inferSelect.robots>;

/** What a crawl knows of a host's robots.txt: read, being read by another worker, or ours to read now. */
export type RobotsRecord = { state: 'read'; robots: RobotsVerdict; robotsTxt: string | null } | { state: 'reading' } | { state: 'claimed' };

/** A reader that has not finished in this long is taken to be dead, and another may read the file. */
const READING_EXPIRES_SECONDS = 120;

/** The host's robots.txt record for this crawl, claiming the reading of it if nobody has. */
export async function claimRobots(db: Database, crawlKey: string, origin: string): Promise<RobotsRecord> {
  const [inserted] = await db.insert(crawlHosts).values({ crawlKey, origin }).onConflictDoNothing().returning({ origin: crawlHosts.origin });
  if (inserted) return { state: 'claimed' };
  const [reclaimed] = await db.update(crawlHosts)
    .set({ readingSince: sql`now()` })
    .where(and(eq(crawlHosts.crawlKey, crawlKey), eq(crawlHosts.origin, origin), isNull(crawlHosts.robots), lt(crawlHosts.readingSince, sql`now() - make_interval(secs => ${READING_EXPIRES_SECONDS})`)))
    .returning({ origin: crawlHosts.origin });
  if (reclaimed) return { state: 'claimed' };
  const [row] = await db.select({ robots: crawlHosts.robots, robotsTxt: crawlHosts.robotsTxt }).from(crawlHosts)
    .where(and(eq(crawlHosts.crawlKey, crawlKey), eq(crawlHosts.origin, origin)));
  if (!row || row.robots === null) return { state: 'reading' };
  return { state: 'read', robots: row.robots, robotsTxt: row.robotsTxt };
}

export async function saveRobots(db: Database, crawlKey: string, origin: string, robots: RobotsVerdict, robotsTxt: string | null): Promise<void> {
  await db.update(crawlHosts).set({ robots, robotsTxt }).where(and(eq(crawlHosts.crawlKey, crawlKey), eq(crawlHosts.origin, origin)));
}

/** Gives up a claim to read (no turn for the host yet), so the next worker may. */
export async function releaseRobotsClaim(db: Database, crawlKey: string, origin: string): Promise<void> {
  await db.delete(crawlHosts).where(and(eq(crawlHosts.crawlKey, crawlKey), eq(crawlHosts.origin, origin), isNull(crawlHosts.robots)));
}

/** The robots.txt records a crawl has read, for judging links without a query per link. */
export async function findReadRobots(db: Database, crawlKey: string): Promise<Array<{ origin: string; robots: RobotsVerdict; robotsTxt: string | null }>> {
  const rows = await db.select({ origin: crawlHosts.origin, robots: crawlHosts.robots, robotsTxt: crawlHosts.robotsTxt }).from(crawlHosts)
    .where(eq(crawlHosts.crawlKey, crawlKey));
  return rows.filter((row): row is { origin: string; robots: RobotsVerdict; robotsTxt: string | null } => row.robots !== null);
}
