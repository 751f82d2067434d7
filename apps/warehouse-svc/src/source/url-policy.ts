import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { WarehouseConfig } from '../config/warehouse-config.js';
import { AddressRejectedError } from './source.errors.js';

/** Where a warehouse's sources come from, after the policy accepted its address. */
export type SourceLocation =
  | { readonly kind: 'remote'; readonly url: string; readonly host: string }
  | { readonly kind: 'local-git'; readonly url: string; readonly path: string }
  | { readonly kind: 'local-dir'; readonly path: string };

/** scp-like ssh address: `git@github.com:owner/repo.git`. */
const SCP_LIKE = /^([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+):(?!\/\/)([^\s]+)$/;

/**
 * Checks a warehouse address BEFORE git ever sees it. Rejects option-looking values
 * (`-u…`, `--upload-pack=…`), credentials in the URL, remote helpers (`ext::`), schemes and
 * hosts outside the policy, and local paths unless `allowLocalRepos` and under a root.
 */
export async function resolveSourceLocation(
  address: string,
  type: 'git' | 'file',
  config: WarehouseConfig,
): Promise<SourceLocation> {
  const value = address.trim();
  if (value.length === 0) throw new AddressRejectedError('malformed', 'repository address is empty');
  if (value.startsWith('-')) {
    throw new AddressRejectedError('option_injection', 'repository address must not start with "-"');
  }
  if (/[\0\r\n]/.test(value))
    throw new AddressRejectedError('malformed', 'repository address contains control characters');
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(value)) {
    throw new AddressRejectedError('scheme_not_allowed', 'git remote helpers ("<helper>::") are not allowed');
  }

  if (type === 'file' || isAbsolute(value) || value.startsWith('.')) {
    const path = await checkLocalPath(value, config);
    return type === 'file' ? { kind: 'local-dir', path } : { kind: 'local-git', url: path, path };
  }

  const scp = SCP_LIKE.exec(value);
  if (scp) {
    checkScheme('ssh', config);
    const host = (scp[2] ?? '').toLowerCase();
    checkHost(host, config);
    return { kind: 'remote', url: value, host };
  }

  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AddressRejectedError('malformed', 'repository address is neither a URL nor a local path');
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (url.password || (url.username && scheme !== 'ssh')) {
    throw new AddressRejectedError(
      'embedded_credentials',
      'repository URL must not carry credentials; configure them for the host instead',
    );
  }
  if (scheme === 'file') {
    const path = await checkLocalPath(decodeURIComponent(url.pathname), config);
    return { kind: 'local-git', url: path, path };
  }
  checkScheme(scheme, config);
  const host = url.hostname.toLowerCase();
  if (!host) throw new AddressRejectedError('malformed', 'repository URL has no host');
  if (host.startsWith('-'))
    throw new AddressRejectedError('option_injection', 'repository host must not start with "-"');
  checkHost(host, config);
  return { kind: 'remote', url: url.toString(), host };
}

function checkScheme(scheme: string, config: WarehouseConfig): void {
  if (!config.allowedSchemes.includes(scheme)) {
    throw new AddressRejectedError(
      'scheme_not_allowed',
      `scheme "${scheme}" is not allowed (allowed: ${config.allowedSchemes.join(', ')})`,
    );
  }
}

function checkHost(host: string, config: WarehouseConfig): void {
  if (config.allowedHosts.length > 0 && !config.allowedHosts.includes(host)) {
    throw new AddressRejectedError('host_not_allowed', `host "${host}" is not in the allowed hosts`);
  }
}

async function checkLocalPath(path: string, config: WarehouseConfig): Promise<string> {
  if (!config.allowLocalRepos) {
    throw new AddressRejectedError(
      'local_not_allowed',
      'local repositories are disabled (ALLOW_LOCAL_REPOS=false)',
    );
  }
  let real: string;
  try {
    real = await realpath(resolve(path));
  } catch {
    throw new AddressRejectedError('malformed', 'local repository path does not exist');
  }
  for (const root of config.localRoots) {
    const realRoot = await realpath(resolve(root)).catch(() => undefined);
    if (realRoot && isInside(realRoot, real)) return real;
  }
  throw new AddressRejectedError(
    'outside_allowed_roots',
    'local repository path is outside the allowed roots',
  );
}

/** True when `child` is `root` or below it (both absolute, normalised). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
