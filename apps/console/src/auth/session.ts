import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConsoleRole } from '@repowiki/contracts';

/** Who made a request: the role their token gave, and their login (for the action log). */
export interface Actor {
  role: ConsoleRole;
  /** Session id (random per login); `bearer` for requests that carry the token itself. */
  session: string;
  /** Whether the request came with the session cookie (then actions need the CSRF token). */
  viaCookie: boolean;
}

export interface SessionKeys {
  operatorToken: string;
  viewerToken: string | undefined;
  ttlMs: number;
}

/** Name of the session cookie. */
export const SESSION_COOKIE = 'rw_console';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Constant-time comparison of two secrets of any length. */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Stateless sessions: the cookie is `<role>.<expiresMs>.<sid>.<mac>`, signed with a key derived
 * from the tokens, so every replica accepts it and changing a token logs everyone out. The CSRF
 * token of a session is a MAC of its id (synchronizer token without server state): a page of
 * another site can make the browser send the cookie, never read the token.
 */
export class Sessions {
  private readonly key: Buffer;

  constructor(private readonly keys: SessionKeys) {
    this.key = digest(`repowiki-console-session\0${keys.operatorToken}\0${keys.viewerToken ?? ''}`);
  }

  /** The role a presented token grants, or undefined. */
  roleOfToken(token: string): ConsoleRole | undefined {
    if (sameSecret(token, this.keys.operatorToken)) return 'operator';
    if (this.keys.viewerToken && sameSecret(token, this.keys.viewerToken)) return 'viewer';
    return undefined;
  }

  issue(role: ConsoleRole, now = Date.now()): { cookie: string; maxAgeS: number } {
    const body = `${role}.${now + this.keys.ttlMs}.${randomBytes(12).toString('base64url')}`;
    return { cookie: `${body}.${this.mac(body)}`, maxAgeS: Math.floor(this.keys.ttlMs / 1000) };
  }

  /** The actor of a session cookie value, if it is ours, unaltered and not expired. */
  verify(cookie: string, now = Date.now()): Actor | undefined {
    const parts = cookie.split('.');
    if (parts.length !== 4) return undefined;
    const [role, expires, session, mac] = parts as [string, string, string, string];
    if (!sameSecret(mac, this.mac(`${role}.${expires}.${session}`))) return undefined;
    if (!(Number(expires) > now)) return undefined;
    if (role !== 'operator' && role !== 'viewer') return undefined;
    return { role, session, viaCookie: true };
  }

  csrfToken(session: string): string {
    return this.mac(`csrf\0${session}`);
  }

  checkCsrf(session: string, presented: string | undefined): boolean {
    return presented !== undefined && sameSecret(presented, this.csrfToken(session));
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }
}

/** `a=1; b=2` → the value of `name`, undecoded (our values are URL-safe). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}
