import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDeadline } from '../../src/core/deadline.js';
import { createErrorHandler } from '../../src/web/middleware/error-handler.js';

// The handler on a bare app, with the same JSON parser as the real one, so each case is one route.
let server: Server;
let baseUrl: string;
beforeAll(async () => {
  const app = express();
  app.use(express.json());
  app.get('/half-sent', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).write('the first half, then ');
    throw new Error('failed after the headers were sent');
  });
  app.post('/echo', (req, res) => res.json(req.body));
  app.use(createErrorHandler(pino({ level: 'silent' })));
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the error handler', () => {
  it('closes the connection when the headers were already sent, so the client is not left waiting', async () => {
    const response = await fetch(`${baseUrl}/half-sent`);
    expect(response.status).toBe(200);
    const body = withDeadline(response.text(), 2_000, 'the rest of the body');
    await expect(body).rejects.toThrow(TypeError);
  });

  it('answers malformed JSON with 400 invalid_request', async () => {
    const response = await fetch(`${baseUrl}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"url": ' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'the request body is not valid JSON', code: 'invalid_request' });
  });
});
