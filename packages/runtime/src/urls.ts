/*
 * URL helpers with no dependency at all, for light clients (the `tasks` CLI's command table
 * builds its `--help` from them before anything else loads): `@repowiki/runtime/urls`.
 */

/** Where services look for PostgreSQL when DATABASE_URL is unset outside production. */
export const DEV_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * `nats://user:secret@h1:4222,nats://token@h2` → `nats://user:***@h1:4222,nats://***@h2`:
 * loggable. A user name alone in a URL is a token, so it is hidden too.
 */
export function redactNatsUrls(urls: string): string {
  return urls
    .split(',')
    .map((raw) => {
      const u = raw.trim();
      const at = u.lastIndexOf('@');
      if (at === -1) return u;
      const scheme = u.indexOf('://');
      const userinfo = u.slice(scheme === -1 ? 0 : scheme + 3, at);
      const colon = userinfo.indexOf(':');
      const shown = colon === -1 ? '***' : `${userinfo.slice(0, colon)}:***`;
      return `${scheme === -1 ? '' : u.slice(0, scheme + 3)}${shown}${u.slice(at)}`;
    })
    .join(',');
}
