import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/** A fresh random token, as Jupyter prints one: 48 hex digits. */
export function newAccessToken(): string {
  return randomBytes(24).toString('hex');
}

function same(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Lets a request through only with the server's token: `Authorization: Bearer <token>` (scripts),
 * the cookie the page is given, or `?token=` once, on the URL `cinema serve` prints; the page is
 * then given the cookie (HttpOnly, SameSite=Strict, so another site's page cannot send it) and sent
 * to the same URL without the token. Anything else is a 401.
 */
export function requireToken(token: string, cookieName: string): MiddlewareHandler {
  return async (context, next) => {
    const header = context.req.header('authorization');
    const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
    if (same(bearer, token) || same(getCookie(context, cookieName), token)) return next();
    const fromQuery = context.req.query('token');
    if (same(fromQuery, token)) {
      setCookie(context, cookieName, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      if (context.req.method === 'GET' && !context.req.path.startsWith('/api/')) {
        const url = new URL(context.req.url);
        url.searchParams.delete('token');
        return context.redirect(`${url.pathname}${url.search}`, 303);
      }
      return next();
    }
    return context.json({ error: { message: 'This cinema serve needs its access token: open the URL it printed (…/?token=…), or send `Authorization: Bearer <token>`.' } }, 401);
  };
}
