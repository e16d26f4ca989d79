import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submit, waitForResult } from '../support/api-client.js';
import { waitForFinishedJob } from '../support/queue-state.js';
import { createSelfSignedCertificate } from '../support/self-signed-certificate.js';
import { startTestService, type TestService } from '../support/service.js';

let server: Server;
let origin: string;
let connections = 0;
let service: TestService;

beforeAll(async () => {
  server = createServer(createSelfSignedCertificate(), (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p>should never be counted</p>');
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Private addresses allowed, so only the certificate stands in the way.
  service = await startTestService({ FETCH_ALLOW_PRIVATE: 'true' });
});

afterAll(async () => {
  await service?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe('TLS verification', () => {
  it('refuses a self-signed certificate at once, with a readable reason, without retrying', async () => {
    const key = await submit(service.baseUrl, `${origin}/`);
    const result = await waitForResult(service.baseUrl, key);
    expect(result.status).toBe(422);
    expect(result.body).toEqual({
      status: 'failed',
      code: 'fetch_failed',
      error: `the TLS certificate of ${new URL(origin).host} is not valid: it is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)`,
    });
    // Counted once BullMQ is done with the job: a retry would have connected again by then.
    expect(await waitForFinishedJob(service.config, key)).toEqual({ state: 'failed', attemptsMade: 1, attemptsStarted: 1 });
    expect(connections).toBe(1);
  });
});
