import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../errors.js';

const REALM = 'Basic realm="wordcrawler admin", charset="UTF-8"';

// Hashing first gives both sides the same length, so the comparison time says nothing about either.
const digest = (value: string) => createHash('sha256').update(value).digest();

/** HTTP basic authentication for the operator pages, compared in constant time. */
export function createAdminAuth(user: string, password: string): RequestHandler {
  const expected = digest(`${user}:${password}`);
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const given = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '';
    if (timingSafeEqual(digest(given), expected)) return next();
    res.set('WWW-Authenticate', REALM);
    throw new AppError('unauthorized', 'sign in with the operator user name and password');
  };
}
