import { readFileSync } from 'node:fs';
import type { GitCredential } from './warehouse-config.js';

/**
 * Credentials for private repositories, one per host, in git-credential-store's format (what
 * `git credential-store` writes to ~/.git-credentials): one URL per line,
 *
 *     https://x-access-token:<token>@github.com
 *     https://oauth2:<token>@gitlab.example.com
 *
 * user name and token percent-encoded where needed; blank lines and `#` comments skipped.
 * Read from GIT_CREDENTIALS_FILE (a mounted Secret) and/or GIT_CREDENTIALS, once at start-up.
 * Error messages name the line, never its text: the text is a secret.
 */
export function parseGitCredentials(text: string, source: string): Record<string, GitCredential> {
  const out: Record<string, GitCredential> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${source} line ${i + 1}`;
    let url: URL;
    try {
      url = new URL(line);
    } catch {
      throw new Error(`${where}: expected https://user:token@host`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`${where}: expected an https:// (or http://) URL`);
    }
    if (!url.username || !url.password)
      throw new Error(`${where}: expected a user name and a token (user:token@host)`);
    const host = url.hostname.toLowerCase();
    if (host in out) throw new Error(`${where}: a second credential for ${host}`);
    out[host] = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  });
  return out;
}

/** Both sources merged; a host in both is a mistake (which one would win?), not an override. */
export function loadGitCredentials(env: {
  GIT_CREDENTIALS_FILE?: string | undefined;
  GIT_CREDENTIALS?: string | undefined;
}): Record<string, GitCredential> {
  const fromFile = env.GIT_CREDENTIALS_FILE
    ? parseGitCredentials(readFileSync(env.GIT_CREDENTIALS_FILE, 'utf8'), 'GIT_CREDENTIALS_FILE')
    : {};
  const fromVar = env.GIT_CREDENTIALS ? parseGitCredentials(env.GIT_CREDENTIALS, 'GIT_CREDENTIALS') : {};
  for (const host of Object.keys(fromVar)) {
    if (host in fromFile)
      throw new Error(`GIT_CREDENTIALS: ${host} also has a credential in GIT_CREDENTIALS_FILE`);
  }
  return { ...fromFile, ...fromVar };
}
