import { describe, expect, it } from 'vitest';
import { cookieValue, Sessions } from './session.js';

const operatorToken = 'o'.repeat(32);
const viewerToken = 'v'.repeat(32);
const sessions = new Sessions({ operatorToken, viewerToken, ttlMs: 60_000 });

describe('console sessions', () => {
  it('grants the role of the token presented, nothing for any other', () => {
    expect(sessions.roleOfToken(operatorToken)).toBe('operator');
    expect(sessions.roleOfToken(viewerToken)).toBe('viewer');
    expect(sessions.roleOfToken(`${operatorToken}x`)).toBeUndefined();
    expect(sessions.roleOfToken('')).toBeUndefined();
    expect(
      new Sessions({ operatorToken, viewerToken: undefined, ttlMs: 1 }).roleOfToken(viewerToken),
    ).toBeUndefined();
  });

  it('accepts its own cookie until it expires, and no altered or foreign one', () => {
    const { cookie } = sessions.issue('viewer', 1_000);
    expect(sessions.verify(cookie, 1_000)).toMatchObject({ role: 'viewer', viaCookie: true });
    expect(sessions.verify(cookie, 61_000)).toBeUndefined();
    // A viewer who edits the role in the cookie breaks its signature.
    expect(sessions.verify(cookie.replace(/^viewer/, 'operator'), 1_000)).toBeUndefined();
    // Another deployment (other tokens) signs with another key.
    const other = new Sessions({ operatorToken: 'x'.repeat(32), viewerToken: undefined, ttlMs: 60_000 });
    expect(other.verify(cookie, 1_000)).toBeUndefined();
    expect(sessions.verify('garbage', 1_000)).toBeUndefined();
  });

  it('ties the CSRF token to the session', () => {
    const a = sessions.verify(sessions.issue('operator').cookie)!;
    const b = sessions.verify(sessions.issue('operator').cookie)!;
    expect(sessions.checkCsrf(a.session, sessions.csrfToken(a.session))).toBe(true);
    expect(sessions.checkCsrf(a.session, sessions.csrfToken(b.session))).toBe(false);
    expect(sessions.checkCsrf(a.session, undefined)).toBe(false);
  });

  it('reads one cookie out of a Cookie header', () => {
    expect(cookieValue('a=1; rw_console=x.y.z; b=2', 'rw_console')).toBe('x.y.z');
    expect(cookieValue('rw_console_other=1', 'rw_console')).toBeUndefined();
    expect(cookieValue(undefined, 'rw_console')).toBeUndefined();
  });
});
