import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { CSRF_HEADER } from '@repowiki/contracts';
import type { NextFunction, Request, Response } from 'express';
import { LOGIN_PAGE } from './login-page.js';
import { type Actor, cookieValue, SESSION_COOKIE, Sessions } from './session.js';

/** Kubernetes probes, Prometheus, and the sign-in page: the only paths without a token. */
const PUBLIC_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/login', '/login.js']);

/**
 * `default-src 'self'`: no third-party script, frame or connection. Mermaid and markmap style
 * their SVG inline, hence `style-src 'unsafe-inline'`; no inline script is allowed.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

declare module 'express' {
  interface Request {
    actor?: Actor;
  }
}

/**
 * Nothing is public by default. Every request but PUBLIC_PATHS needs the session cookie or
 * `Authorization: Bearer <token>`; without one the API answers 401 and pages answer 401 with
 * the sign-in form. A POST (an action) also needs the operator role and, with the cookie, the
 * session's CSRF token in `X-CSRF-Token`; a cross-site Origin is refused outright.
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  constructor(@Inject(Sessions) private readonly sessions: Sessions) {}

  use(req: Request, res: Response, next: NextFunction): void {
    res.removeHeader('X-Powered-By');
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    // Nest mounts middleware on a wildcard route: `req.path` is relative to it, the URL is not.
    const path = pathOf(req);
    if (PUBLIC_PATHS.has(path)) {
      next();
      return;
    }

    const actor = this.actorOf(req);
    if (!actor) {
      res.setHeader('Cache-Control', 'no-store');
      if (path.startsWith('/api/') || req.method !== 'GET') {
        res
          .status(401)
          .json({ error: 'unauthenticated', message: 'sign in at /login or send a bearer token' });
      } else {
        res.status(401).type('html').send(LOGIN_PAGE);
      }
      return;
    }
    req.actor = actor;
    if (req.method === 'GET' || req.method === 'HEAD') {
      next();
      return;
    }

    // Host only: behind a TLS-terminating proxy the scheme the console sees is not the browser's.
    const origin = req.get('origin');
    if (origin && hostOf(origin) !== req.get('host')) {
      res.status(403).json({ error: 'forbidden', message: 'cross-site request refused' });
      return;
    }
    if (path === '/api/logout') {
      next();
      return;
    }
    if (actor.role !== 'operator') {
      res
        .status(403)
        .json({ error: 'forbidden', message: 'viewers cannot act: sign in with the operator token' });
      return;
    }
    if (actor.viaCookie && !this.sessions.checkCsrf(actor.session, req.get(CSRF_HEADER))) {
      res.status(403).json({ error: 'csrf', message: 'missing or wrong CSRF token: reload the page' });
      return;
    }
    next();
  }

  private actorOf(req: Request): Actor | undefined {
    const auth = req.get('authorization');
    if (auth?.startsWith('Bearer ')) {
      const role = this.sessions.roleOfToken(auth.slice(7).trim());
      return role ? { role, session: 'bearer', viaCookie: false } : undefined;
    }
    const cookie = cookieValue(req.get('cookie'), SESSION_COOKIE);
    return cookie ? this.sessions.verify(cookie) : undefined;
  }
}

/** The request's path, without the query string. */
export function pathOf(req: Request): string {
  return (req.originalUrl ?? req.url).split('?')[0] ?? '/';
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
