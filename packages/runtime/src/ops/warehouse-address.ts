import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { OpsError } from './ops.errors.js';

export interface ParsedAddress {
  address: string;
  type: 'git' | 'file';
  name: string;
  organizationName: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const SCP_LIKE = /^[\w.-]+@[\w.-]+:(?!\/\/)/;

/**
 * A Git URL (https/ssh/git, or `user@host:path`) or a local directory. Only the shape is
 * checked here; warehouse-svc applies the URL policy (allowed schemes/hosts, local roots)
 * before git runs, so a refused address ends FAILED with the reason.
 */
export function parseWarehouseAddress(input: string): ParsedAddress {
  const raw = input.trim();
  if (!raw || raw.startsWith('-')) throw new OpsError('invalid', `not a repository address: "${input}"`);
  if (SCHEME.test(raw) || SCP_LIKE.test(raw)) {
    // `https://TOKEN@host` carries a token as the user name; only ssh has a real user there (git@).
    const url = SCHEME.test(raw) ? new URL(raw) : undefined;
    if (url && (url.password || (url.username && url.protocol !== 'ssh:')))
      throw new OpsError(
        'invalid',
        'credentials in the URL are refused: configure them for the host in warehouse-svc',
      );
    const path = (SCHEME.test(raw) ? new URL(raw).pathname : raw.slice(raw.indexOf(':') + 1)).replace(
      /\/+$/,
      '',
    );
    const parts = path.split('/').filter(Boolean);
    const name = (parts.at(-1) ?? '').replace(/\.git$/, '');
    if (!name) throw new OpsError('invalid', `no repository name in "${input}"`);
    return { address: raw, type: 'git', name, organizationName: parts.at(-2) ?? '' };
  }
  const dir = resolve(raw);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new OpsError('invalid', `no such directory: ${dir}`);
  return { address: dir, type: 'file', name: basename(dir), organizationName: basename(dirname(dir)) };
}
