import type { Request, Response } from 'express';
import { isResultKey } from '../request-params.js';

// Each browser sees its own recent results, kept in a cookie: a public list would show
// strangers every URL anyone submitted, private links included.
const COOKIE_NAME = 'recent';
const MAX_RECENT = 10;
const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

export function readRecentKeys(req: Request): string[] {
  const value: unknown = req.cookies?.[COOKIE_NAME];
  if (typeof value !== 'string') return [];
  return value.split('.').filter(isResultKey).slice(0, MAX_RECENT);
}

export function rememberKey(req: Request, res: Response, key: string): void {
  const keys = [key, ...readRecentKeys(req).filter((known) => known !== key)].slice(0, MAX_RECENT);
  // Secure over HTTPS, so the list is never sent in the clear; over plain HTTP a Secure cookie would not be kept.
  res.cookie(COOKIE_NAME, keys.join('.'), { httpOnly: true, sameSite: 'lax', secure: req.secure, maxAge: THIRTY_DAYS_MS, path: '/' });
}
