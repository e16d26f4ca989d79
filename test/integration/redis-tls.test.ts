import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, submit, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { createSelfSignedCertificate } from '../support/self-signed-certificate.js';
import { startTestService } from '../support/service.js';
import { freePort } from '../support/free-port.js';
import { waitFor } from '../support/wait-for.js';

// Heroku Redis serves rediss:// with a self-signed certificate; this is a local Redis doing the same.
let dir: string;
let redisServer: ChildProcess;
let tlsUrl: string;
let site: FixtureServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wordcrawler-redis-tls-'));
  const { key, cert } = createSelfSignedCertificate();
  await writeFile(join(dir, 'key.pem'), key);
  await writeFile(join(dir, 'cert.pem'), cert);
  const port = await freePort();
  redisServer = spawn('redis-server', [
    '--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1',
    '--tls-cert-file', join(dir, 'cert.pem'), '--tls-key-file', join(dir, 'key.pem'),
    '--tls-ca-cert-file', join(dir, 'cert.pem'), '--tls-auth-clients', 'no',
    '--save', '', '--appendonly', 'no', '--dir', dir,
  ], { stdio: 'ignore' });
  tlsUrl = `rediss://127.0.0.1:${port}`;
  await waitFor(async () => {
    const probe = new Redis(tlsUrl, { tls: { rejectUnauthorized: false }, lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      return (await probe.connect().then(() => probe.ping())) === 'PONG' ? true : undefined;
    } catch {
      return undefined;
    } finally {
      probe.disconnect();
    }
  }, 10_000, 'the TLS Redis to start');
  site = await startFixtureServer({ '/page': respond('<p>encrypted queue encrypted</p>') });
});

afterAll(async () => {
  redisServer?.kill('SIGKILL');
  await site?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a rediss:// URL with a self-signed certificate', () => {
  it('works end to end with REDIS_TLS_VERIFY=false', async () => {
    const service = await startTestService({ REDIS_URL: tlsUrl, REDIS_TLS_VERIFY: 'false' });
    try {
      expect((await getJson(`${service.baseUrl}/readyz`)).body).toMatchObject({ status: 'ready', redis: 'ok' });
      const key = await submit(service.baseUrl, `${site.origin}/page`);
      expect((await waitForResult(service.baseUrl, key)).body).toEqual([['encrypted', 2], ['queue', 1]]);
    } finally {
      await service.stop();
    }
  });

  it('is refused by default, when the certificate is verified', async () => {
    const service = await startTestService({ REDIS_URL: tlsUrl }, { worker: false });
    try {
      expect(await getJson(`${service.baseUrl}/readyz`)).toMatchObject({ status: 503, body: { redis: 'unreachable' } });
    } finally {
      await service.stop();
    }
  });
});
