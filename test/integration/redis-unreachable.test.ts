import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess } from '../support/child-process.js';
import { startTestService, type TestService } from '../support/service.js';
import { waitFor } from '../support/wait-for.js';

let service: TestService;

beforeAll(async () => {
  // Only for a migrated database; the processes under test get a Redis that never answers.
  service = await startTestService({}, { worker: false });
});

afterAll(async () => {
  await service?.stop();
});

/** A "Redis" that takes each connection and drops it at once, so every attempt fails and is counted. */
async function startDroppingRedis() {
  let attempts = 0;
  const server = createServer((socket) => {
    attempts += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as { port: number }).port}`,
    attempts: () => attempts,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const mentionsRedis = (line: Record<string, unknown>) => /redis/i.test(JSON.stringify(line));

describe('Redis configured but not answering', () => {
  it.each([
    ['worker.ts', {}, []],
    ['src/entries/web.ts', { PORT: '0' }, ['starting without Redis; submissions answer 503 until it is back']],
  ])('%s says so in one line, naming where and what to do, and retries quietly', async (entry, env, alsoSaid) => {
    const redis = await startDroppingRedis();
    const process = startProcess(entry, { DATABASE_URL: service.config.DATABASE_URL!, REDIS_URL: redis.url, LOG_LEVEL: 'info', ...env });
    try {
      // Several reconnects, each failing, before we look at what was logged (they back off to seconds apart).
      await waitFor(() => (redis.attempts() >= 6 ? true : undefined), 60_000, 'six connection attempts');
      // The web waits a few seconds for Redis before it says it starts without it.
      for (const msg of alsoSaid) await process.waitForLog(msg);
      const said = process.logLines().filter((line) => String(line.msg).includes('is not answering'));
      expect(said).toHaveLength(1);
      expect(said[0]!.msg).toMatch(new RegExp(`^Redis at ${redis.url} is not answering \\(.+\\); retrying quietly until it does: start Redis there or set REDIS_URL$`));
      // Nothing else about Redis at warn or above.
      const others = process.logLines().filter((line) => (line.level as number) >= 40 && mentionsRedis(line) && !String(line.msg).includes('is not answering'));
      expect(others.map((line) => line.msg)).toEqual(alsoSaid);
    } finally {
      process.child.kill('SIGKILL');
      await process.exited;
      await redis.close();
    }
  }, 90_000);
});
